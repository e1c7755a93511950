import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Thread archive: the live thread document keeps only its newest messages; older ones are sealed
 * into `messages` and removed from the document (docs/COLLAB.md, "Thread archive"), so a
 * long-lived channel loads as fast as a new one. The row must then carry everything a reader
 * sees of an archived message:
 *
 * - `seq`: the order of the thread (the document's array order at projection time; creation
 *   times come from clients and may be skewed), numbered per thread from 1;
 * - `hidden_reason`, `hidden_by`: a moderator's hide, shown in place of the text;
 * - `attachments`: the message's attachment ids (also what lets the files service refuse the
 *   attachments of a hidden or deleted message to non-moderators);
 * - `archived_at`: set when the message left the live document.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE messages
      ADD COLUMN seq integer,
      ADD COLUMN hidden_reason text,
      ADD COLUMN hidden_by uuid,
      ADD COLUMN attachments uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN archived_at timestamptz`.execute(db)
  await sql`
    UPDATE messages m SET seq = r.n
    FROM (
      SELECT thread_id, id, row_number() OVER (PARTITION BY thread_id ORDER BY created_at, id) AS n
      FROM messages
    ) r
    WHERE m.thread_id = r.thread_id AND m.id = r.id`.execute(db)
  await sql`ALTER TABLE messages ALTER COLUMN seq SET NOT NULL`.execute(db)
  await sql`CREATE INDEX messages_thread_seq ON messages (thread_id, seq)`.execute(db)
  await sql`CREATE INDEX messages_attachments ON messages USING gin (attachments)`.execute(db)
}
