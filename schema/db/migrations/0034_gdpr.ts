import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 18, erasure: a person's request, and the confirmation of the staff of each organisation
 * they belong to (erasure happens when the last one confirms). The user row stays, pseudonymised,
 * so what must be kept (invoices, the audit trail) still points at someone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN erased_at timestamptz`.execute(db)
  await sql`
    CREATE TABLE erasure_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      remove_message_text boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','erased','cancelled')),
      org_ids uuid[] NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      erased_at timestamptz
    )`.execute(db)
  // One open request per person.
  await sql`CREATE UNIQUE INDEX erasure_requests_open ON erasure_requests (user_id) WHERE status = 'pending'`.execute(
    db,
  )
  await sql`
    CREATE TABLE erasure_confirmations (
      request_id uuid NOT NULL REFERENCES erasure_requests(id),
      org_id uuid NOT NULL REFERENCES organisations(id),
      confirmed_by uuid NOT NULL REFERENCES users(id),
      confirmed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (request_id, org_id)
    )`.execute(db)
}
