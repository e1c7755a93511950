import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 18: a refused erasure request is its own state, not "cancelled" (which is the person
 * withdrawing it). The refusal keeps who refused it, for which organisation, when and why, so the
 * person is told the reason and sees it where they see their request; they may ask again (the
 * one-open-request index counts only pending ones).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE erasure_requests DROP CONSTRAINT erasure_requests_status_check`.execute(db)
  await sql`
    ALTER TABLE erasure_requests
      ADD CONSTRAINT erasure_requests_status_check
        CHECK (status IN ('pending','erased','cancelled','refused')),
      ADD COLUMN refused_at timestamptz,
      ADD COLUMN refused_by uuid REFERENCES users(id),
      ADD COLUMN refused_org_id uuid REFERENCES organisations(id),
      ADD COLUMN refusal_reason text,
      ADD CONSTRAINT erasure_requests_refusal CHECK (
        (status = 'refused') = (refused_at IS NOT NULL AND refused_org_id IS NOT NULL AND refusal_reason IS NOT NULL)
      )`.execute(db)
}
