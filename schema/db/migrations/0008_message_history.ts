import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Message history and retired case categories.
 *
 * `message_versions`: every text a chat message has had (the original, each edit, the deletion),
 * with who and when. Filled by the thread projection from the update log at compaction (see
 * docs/COLLAB.md, "Message history"); read only through the history endpoint (moderators and
 * auditors). Keyed by the Yjs item that carried the text (`<client>:<clock>`), so projecting the
 * same update twice (a rebuild) inserts nothing. Append-only, like `audit_log`.
 *
 * `case_categories.active`: a cooperative retires a category instead of deleting it, so the
 * cases filed under it keep their category and its name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_versions (
      org_id uuid NOT NULL,
      thread_id uuid NOT NULL,
      message_id text NOT NULL,
      version text NOT NULL CHECK (version ~ '^[0-9]+:[0-9]+$'),
      text text NOT NULL,
      deleted boolean NOT NULL DEFAULT false,
      edited_by uuid,
      edited_at timestamptz NOT NULL,
      PRIMARY KEY (thread_id, version),
      FOREIGN KEY (org_id, thread_id) REFERENCES threads(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX message_versions_message ON message_versions (thread_id, message_id, edited_at)`.execute(
    db,
  )
  await sql`
    CREATE FUNCTION message_versions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'message_versions is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER message_versions_no_update BEFORE UPDATE OR DELETE ON message_versions
      FOR EACH ROW EXECUTE FUNCTION message_versions_are_append_only()`.execute(db)

  await sql`ALTER TABLE case_categories ADD COLUMN active boolean NOT NULL DEFAULT true`.execute(db)
}
