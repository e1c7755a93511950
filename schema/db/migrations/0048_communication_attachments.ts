import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16: attachments on mass communications and events, in the one `attachments` table
 * (files service, access inherited from the owner):
 *   communication  owner_id = the communication. Files are uploaded while the message is composed,
 *                  under the id the send will take (the composer's draft id), and are the send's
 *                  once it exists; after that none are added or removed.
 *   event          owner_id = the event (the AGM notice, the minutes).
 * Only the owner kinds' check changes; rows and indexes stay as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE attachments DROP CONSTRAINT attachments_owner_kind_check`.execute(db)
  await sql`
    ALTER TABLE attachments ADD CONSTRAINT attachments_owner_kind_check
      CHECK (owner_kind IN ('case', 'message', 'task', 'communication', 'event'))`.execute(db)
}
