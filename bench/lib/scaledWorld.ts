import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'
import { createOrg, member } from '../../server/test/factories.ts'

/**
 * The scaled data of `npm run bench:reports` (bench/reports.ts), shared with `bench:api`'s scaled
 * mode (BENCH_WORLD=scaled, bench/lib/apiWorld.ts): one management company running BENCH_COOPS
 * cooperatives (default 500) of BENCH_APARTMENTS apartments each (default 100: 50,000
 * apartments), with a year of monthly invoices per apartment, budgets and actuals, 30 cases per
 * cooperative (a third open) with their status history, and an investor portfolio holding 10
 * apartments in each of 50 cooperatives with rents and loan shares; for report 10 a board of 20
 * tasks per cooperative and a water meter per apartment with monthly readings since January of
 * last year (50,000 meters, ~1.2 M readings at full size).
 * Data is generated in SQL (generate_series), so the full size takes minutes, not hours.
 */
export const SCALED_COOPS = Number(process.env.BENCH_COOPS ?? 500)
export const SCALED_APARTMENTS = Number(process.env.BENCH_APARTMENTS ?? 100)

export async function scaledWorld(db: DB, coops = SCALED_COOPS, per = SCALED_APARTMENTS) {
  const heldCoops = Math.min(50, coops)
  const year = new Date().getFullYear()
  const mgmt = await createOrg(db, { kind: 'management_company' })
  const coopIds: string[] = []
  for (let i = 0; i < coops; i++) coopIds.push((await createOrg(db, { managedBy: mgmt.id })).id)
  const ids = sql.join(coopIds.map((id) => sql`${id}::uuid`))
  await sql`INSERT INTO buildings (org_id, name, address) SELECT id, b, '' FROM unnest(ARRAY[${ids}]) AS id, unnest(ARRAY['A','B']) AS b`.execute(
    db,
  )
  await sql`
  INSERT INTO apartments (org_id, building_id, number, area_m2, share_count)
  SELECT b.org_id, b.id, b.name || ' ' || n, 30 + (n % 60), 300 + (n % 60) * 10
  FROM buildings b, generate_series(1, ${Math.ceil(per / 2)}::int) AS n WHERE b.org_id IN (${ids})`.execute(
    db,
  )
  await sql`
  INSERT INTO finance_invoices (org_id, apartment_id, kind, period, amount_cents, issued_on, due_date, reference, iban, paid_cents)
  SELECT a.org_id, a.id, 'maintenance', make_date(${year}::int, m, 1), 25000 + (a.share_count * 10),
    make_date(${year}::int, m, 1), make_date(${year}::int, m, 1) + 14,
    (1000000000 + row_number() OVER ())::text, 'FI2112345600000785',
    CASE WHEN random() < 0.9 THEN 25000 + (a.share_count * 10) ELSE 0 END
  FROM apartments a, generate_series(1, 12) AS m WHERE a.org_id IN (${ids})`.execute(db)
  await sql`
  INSERT INTO finance_budgets (org_id, external_id, fiscal_year, category, amount_cents)
  SELECT id, 'B-' || c, ${year}::int, c, 1000000 FROM unnest(ARRAY[${ids}]) AS id,
    unnest(ARRAY['heating','water','repairs','cleaning']) AS c`.execute(db)
  await sql`
  INSERT INTO finance_actuals (org_id, external_id, fiscal_year, month, category, amount_cents)
  SELECT id, 'A-' || y || '-' || m || '-' || c, y, m, c, 80000 FROM unnest(ARRAY[${ids}]) AS id,
    unnest(ARRAY['heating','water','repairs','cleaning']) AS c, generate_series(1, 12) AS m,
    generate_series(${year - 1}::int, ${year}::int) AS y`.execute(db)
  const reporter = await member(db, coopIds[0]!, 'board_member')
  await sql`
  INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
  SELECT id, n, ${reporter.id}, 'Case ' || n, 'other', CASE WHEN n % 3 = 0 THEN 'new' ELSE 'resolved' END,
    make_date(${year}::int, 1 + n % 11, 1 + n % 27), now()
  FROM unnest(ARRAY[${ids}]) AS id, generate_series(1, 30) AS n`.execute(db)
  await sql`
  INSERT INTO case_status_history (org_id, case_id, seq, status, changed_at)
  SELECT org_id, id, 1, 'resolved', created_at + interval '3 days' FROM cases WHERE org_id IN (${ids}) AND status = 'resolved'`.execute(
    db,
  )
  // Report 10: a board with 20 tasks per cooperative (half done), cases placed in building A, and a
  // cold-water meter per apartment read on the 15th of every month since January of last year.
  await sql`UPDATE cases c SET building_id = b.id FROM buildings b
  WHERE b.org_id = c.org_id AND b.name = 'A' AND c.org_id IN (${ids})`.execute(db)
  await sql`INSERT INTO boards (org_id, title) SELECT id, 'Huolto' FROM unnest(ARRAY[${ids}]) AS id`.execute(
    db,
  )
  await sql`
  INSERT INTO tasks (org_id, board_id, card_id, title, progress, updated_at)
  SELECT b.org_id, b.id, gen_random_uuid(), 'Task ' || n, CASE WHEN n % 2 = 0 THEN 100 ELSE 0 END,
    make_date(${year}::int, 1 + n % 11, 1 + n % 27)
  FROM boards b, generate_series(1, 20) AS n WHERE b.org_id IN (${ids})`.execute(db)
  await sql`
  INSERT INTO meters (org_id, building_id, apartment_id, kind, serial, unit)
  SELECT org_id, building_id, id, 'cold_water', 'W-' || id, 'm3' FROM apartments WHERE org_id IN (${ids})`.execute(
    db,
  )
  await sql`
  INSERT INTO meter_readings (org_id, meter_id, value, read_on, status, source)
  SELECT m.org_id, m.id, k * 3.5, make_date(${year - 1}::int, 1, 15) + make_interval(months => k), 'accepted', 'import'
  FROM meters m, generate_series(0, 11 + ${new Date().getMonth() + 1}::int - 1) AS k
  WHERE m.org_id IN (${ids})`.execute(db)
  const portfolio = await createOrg(db, { kind: 'investor_portfolio' })
  const held = coopIds.slice(0, heldCoops)
  const heldIds = sql.join(held.map((id) => sql`${id}::uuid`))
  await sql`INSERT INTO portfolio_holdings (org_id, cooperative_id) SELECT ${portfolio.id}, id FROM unnest(ARRAY[${heldIds}]) AS id`.execute(
    db,
  )
  await sql`
  INSERT INTO portfolio_apartments (org_id, cooperative_id, apartment_id, price_cents)
  SELECT ${portfolio.id}, org_id, id, 20000000 FROM (
    SELECT a.org_id, a.id, row_number() OVER (PARTITION BY a.org_id ORDER BY a.number) AS k
    FROM apartments a WHERE a.org_id IN (${heldIds})) x WHERE k <= 10`.execute(db)
  await sql`
  INSERT INTO portfolio_rents (org_id, apartment_id, external_id, month, amount_cents)
  SELECT ${portfolio.id}, pa.apartment_id, pa.apartment_id || '-' || m, make_date(${year}::int, m, 1), 90000
  FROM portfolio_apartments pa, generate_series(1, 12) AS m WHERE pa.org_id = ${portfolio.id}`.execute(db)
  await sql`
  INSERT INTO finance_loan_shares (org_id, apartment_id, external_id, loan_name, original_cents, remaining_cents)
  SELECT cooperative_id, apartment_id, 'L-' || apartment_id, 'Loan', 5000000, 4000000
  FROM portfolio_apartments WHERE org_id = ${portfolio.id}`.execute(db)
  await sql`ANALYZE`.execute(db)
  return { mgmt, coopIds, portfolio, reporter }
}
export type ScaledWorld = Awaited<ReturnType<typeof scaledWorld>>
