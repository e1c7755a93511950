import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Reporting a case is idempotent: the report form sends a key it generated once per report, and
 * the same key from the same reporter in the same cooperative names the case already made (a
 * resubmitted form, a retried request) instead of making a second one. The unique index is what
 * holds when two submissions race.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN client_key text CHECK (length(client_key) BETWEEN 1 AND 100)`.execute(
    db,
  )
  await sql`
    CREATE UNIQUE INDEX cases_client_key ON cases (org_id, reporter_id, client_key)
      WHERE client_key IS NOT NULL`.execute(db)
}
