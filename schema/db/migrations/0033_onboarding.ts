import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 18, onboarding and back-office roles:
 * - an organisation's address and the month its fiscal year starts (cooperatives are created in
 *   the portal now, not only by the demo seed);
 * - apartments keyed by the ERP's id, so the import API and a re-uploaded CSV update them;
 * - the language an invitation was written in (bulk invitations are sent in the invitee's);
 * - a board's topic: a finance board is co-edited by the accountant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organisations ADD COLUMN address text CHECK (length(address) <= 300)`.execute(db)
  await sql`ALTER TABLE organisations ADD COLUMN fiscal_year_start_month smallint NOT NULL DEFAULT 1
    CHECK (fiscal_year_start_month BETWEEN 1 AND 12)`.execute(db)
  await sql`ALTER TABLE apartments ADD COLUMN external_id text CHECK (length(external_id) <= 200)`.execute(db)
  await sql`CREATE UNIQUE INDEX apartments_external_id ON apartments (org_id, external_id)
    WHERE external_id IS NOT NULL`.execute(db)
  await sql`ALTER TABLE invitations ADD COLUMN language text CHECK (language IN ('fi','sv','en'))`.execute(db)
  await sql`ALTER TABLE boards ADD COLUMN topic text NOT NULL DEFAULT 'general'
    CHECK (topic IN ('general','finance'))`.execute(db)
}
