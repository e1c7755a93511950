import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 15, report p95: indexes found with EXPLAIN (ANALYZE, BUFFERS) on bench:reports' data
 * (500 cooperatives, 50,000 apartments, 600,000 invoices, 1.2 M meter readings) on Postgres.
 * The plans already used org_id indexes; the time went to heap pages, one per row, because a
 * cooperative's rows are spread over the table (written month by month for every cooperative).
 * Covering indexes let the reports' sums be index-only scans:
 * - invoices of a period with the amounts the balance, billing and investor sums read (1,203
 *   buffers → 15 for one cooperative's year); replaces `finance_invoices_period` (same key);
 * - meter readings of a cooperative's meters in a date range with what the month split reads
 *   (report 10: 2,723 buffers → 139);
 * - tasks done per organisation and change time (reports 9 and 10 scanned every task).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX finance_invoices_period_sums ON finance_invoices (org_id, period)
    INCLUDE (apartment_id, amount_cents, paid_cents, credited_cents)`.execute(db)
  await sql`DROP INDEX finance_invoices_period`.execute(db)
  await sql`CREATE INDEX meter_readings_range ON meter_readings (org_id, meter_id, read_on)
    INCLUDE (value, meter_change, status, created_at)`.execute(db)
  await sql`CREATE INDEX tasks_org_done ON tasks (org_id, updated_at) WHERE progress >= 100`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX tasks_org_done`.execute(db)
  await sql`DROP INDEX meter_readings_range`.execute(db)
  await sql`CREATE INDEX finance_invoices_period ON finance_invoices (org_id, period)`.execute(db)
  await sql`DROP INDEX finance_invoices_period_sums`.execute(db)
}
