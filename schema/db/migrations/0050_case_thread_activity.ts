import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 19: "unread" in the work queue (api/workqueue) without reading every message of every
 * case in reach. A case thread is unread for a person when someone else wrote there (a message
 * with another author or none, not deleted) after they last read it (`thread_reads`).
 * `case_thread_activity` holds, per case thread with a live message, the time and author of the
 * latest live message (`last_at`, `last_author`) and the time of the latest live message by
 * anyone but that author (`other_at`). The latest message by someone other than person P is then
 * `last_at` when `last_author` is not P (or is nobody), else `other_at`: one row per thread,
 * however long its history.
 *
 * Triggers on `messages` keep it in the transaction that writes the messages (the thread
 * projection, the archive, retention, erasure): after an insert or a delete (statement
 * triggers), and after a change of `deleted`, `author_id` or `created_at` (a row trigger that
 * fires only when one of them changes), each case thread touched is counted again from its
 * messages (a case thread is short; channels are skipped with one lookup of their thread row).
 * Writers of one case thread take its `threads` row in turn (FOR NO KEY UPDATE, which the
 * messages' foreign key checks do not wait for), so each count, a new statement with a new
 * snapshot, sees the messages the others committed: no update is lost between them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_thread_activity (
      thread_id uuid PRIMARY KEY,
      org_id uuid NOT NULL,
      case_id uuid NOT NULL,
      last_at timestamptz NOT NULL,
      last_author uuid,
      other_at timestamptz,
      FOREIGN KEY (org_id, thread_id) REFERENCES threads(org_id, id) ON DELETE CASCADE
    )`.execute(db)
  await sql`CREATE INDEX case_thread_activity_case ON case_thread_activity (case_id)`.execute(db)

  await sql`
    CREATE FUNCTION case_thread_activity_refresh(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[];
    BEGIN
      SELECT array_agg(id ORDER BY id) INTO ids FROM threads
       WHERE id = ANY(touched) AND case_id IS NOT NULL;
      IF ids IS NULL THEN RETURN; END IF;
      PERFORM 1 FROM threads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
      DELETE FROM case_thread_activity a WHERE a.thread_id = ANY(ids) AND NOT EXISTS (
        SELECT 1 FROM messages m WHERE m.thread_id = a.thread_id AND NOT m.deleted);
      INSERT INTO case_thread_activity AS a (thread_id, org_id, case_id, last_at, last_author, other_at)
      SELECT t.id, t.org_id, t.case_id, l.created_at, l.author_id,
             (SELECT max(m.created_at) FROM messages m
               WHERE m.thread_id = t.id AND NOT m.deleted AND m.author_id IS DISTINCT FROM l.author_id)
        FROM threads t
        CROSS JOIN LATERAL (
          SELECT m.created_at, m.author_id FROM messages m
           WHERE m.thread_id = t.id AND NOT m.deleted
           ORDER BY m.created_at DESC LIMIT 1) l
       WHERE t.id = ANY(ids)
      ON CONFLICT (thread_id) DO UPDATE
        SET last_at = excluded.last_at, last_author = excluded.last_author, other_at = excluded.other_at;
    END $$`.execute(db)
  await sql`SELECT case_thread_activity_refresh(array(SELECT id FROM threads WHERE case_id IS NOT NULL))`.execute(
    db,
  )

  await sql`
    CREATE FUNCTION case_thread_activity_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM case_thread_activity_refresh(array(SELECT DISTINCT thread_id FROM added));
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION case_thread_activity_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM case_thread_activity_refresh(array(SELECT DISTINCT thread_id FROM removed));
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION case_thread_activity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM case_thread_activity_refresh(ARRAY[OLD.thread_id, NEW.thread_id]);
      RETURN NULL;
    END $$`.execute(db)

  await sql`
    CREATE TRIGGER messages_case_activity_insert AFTER INSERT ON messages
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION case_thread_activity_added()`.execute(db)
  await sql`
    CREATE TRIGGER messages_case_activity_delete AFTER DELETE ON messages
      REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION case_thread_activity_removed()`.execute(db)
  await sql`
    CREATE TRIGGER messages_case_activity_update AFTER UPDATE OF deleted, author_id, created_at, thread_id ON messages
      FOR EACH ROW WHEN (OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.author_id IS DISTINCT FROM NEW.author_id
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.thread_id IS DISTINCT FROM NEW.thread_id)
      EXECUTE FUNCTION case_thread_activity_changed()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER messages_case_activity_update ON messages`.execute(db)
  await sql`DROP TRIGGER messages_case_activity_delete ON messages`.execute(db)
  await sql`DROP TRIGGER messages_case_activity_insert ON messages`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_changed()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_removed()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_added()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_refresh(uuid[])`.execute(db)
  await sql`DROP TABLE case_thread_activity`.execute(db)
}
