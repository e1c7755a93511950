import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * `message_versions` is append-only (0008): no edit of a message's history, no deletion. But the
 * law and the cooperative's own rules do delete it: GDPR erasure of a person (their messages'
 * history goes with their text) and retention (chat older than the organisation keeps). Both
 * failed with "message_versions is append-only" for any message that had been edited.
 *
 * A transaction that purges says so first (`SELECT set_config('kotipiha.purge', 'on', true)`,
 * server/db/purge.ts): its deletes pass, for that transaction only. Updates stay refused always,
 * and a delete by anyone else still fails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION message_versions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('kotipiha.purge', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'message_versions is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db)
}
