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
 * projection, the archive, retention, erasure). An insert (a statement trigger) merges the new
 * rows' summary into the row: no read of the thread's history, however long. A delete (statement
 * trigger) or a change of `deleted`, `author_id` or `created_at` (a row trigger that fires only
 * when one of them changes) cannot be merged: the thread is read again from its messages. A
 * channel's messages cost one lookup of their thread's row (no case: nothing kept).
 * Writers of one case thread's row queue on the transaction-scoped advisory lock its id hashes to
 * (one of 1,024; in memory, no WAL): an insert merges into what the previous writer committed,
 * and a re-reading, a new statement with a new snapshot after the lock, sees every message
 * committed before it.
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

  // The case threads among `touched`, locked for this transaction: one of 1,024 locks per thread
  // (a retention run touching thousands of threads takes at most 1,024 entries of the lock
  // table; two threads sharing a lock only queue), taken in one order by every writer.
  await sql`
    CREATE FUNCTION case_thread_activity_lock(touched uuid[]) RETURNS uuid[] LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[];
    BEGIN
      SELECT array_agg(id) INTO ids FROM threads WHERE id = ANY(touched) AND case_id IS NOT NULL;
      IF ids IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('case-thread-activity:' || bucket, 0))
           FROM (SELECT DISTINCT abs(hashtext(id::text) % 1024) AS bucket FROM unnest(ids) AS id) b
          ORDER BY bucket;
      END IF;
      RETURN ids;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION case_thread_activity_refresh(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[] := case_thread_activity_lock(touched);
    BEGIN
      IF ids IS NULL THEN RETURN; END IF;
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
  // Two summaries (latest, its author, latest by another) merge into one: the later latest wins,
  // and the latest by someone other than its author is the later of its own and, from the other
  // summary, its latest (if by someone else) or its latest by another (if by the same author).
  await sql`
    CREATE FUNCTION case_thread_activity_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF case_thread_activity_lock(array(SELECT DISTINCT thread_id FROM added)) IS NULL THEN
        RETURN NULL;
      END IF;
      INSERT INTO case_thread_activity AS a (thread_id, org_id, case_id, last_at, last_author, other_at)
      SELECT l.thread_id, t.org_id, t.case_id, l.created_at, l.author_id,
             (SELECT max(n.created_at) FROM added n
               WHERE n.thread_id = l.thread_id AND NOT n.deleted AND n.author_id IS DISTINCT FROM l.author_id)
        FROM (SELECT DISTINCT ON (thread_id) thread_id, created_at, author_id FROM added
               WHERE NOT deleted ORDER BY thread_id, created_at DESC) l
        JOIN threads t ON t.id = l.thread_id AND t.case_id IS NOT NULL
      ON CONFLICT (thread_id) DO UPDATE SET
        last_at = greatest(a.last_at, excluded.last_at),
        last_author = CASE WHEN excluded.last_at >= a.last_at THEN excluded.last_author ELSE a.last_author END,
        other_at = CASE WHEN excluded.last_at >= a.last_at
          THEN greatest(excluded.other_at,
                        CASE WHEN a.last_author IS DISTINCT FROM excluded.last_author THEN a.last_at ELSE a.other_at END)
          ELSE greatest(a.other_at,
                        CASE WHEN excluded.last_author IS DISTINCT FROM a.last_author THEN excluded.last_at ELSE excluded.other_at END)
          END;
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
  // The existing threads, read once, after the triggers: creating them locked `messages` against
  // writers until this transaction ends, so every message is either read here or seen by them.
  await sql`
    INSERT INTO case_thread_activity (thread_id, org_id, case_id, last_at, last_author, other_at)
    SELECT l.thread_id, t.org_id, t.case_id, l.created_at, l.author_id,
           (SELECT max(m.created_at) FROM messages m
             WHERE m.thread_id = l.thread_id AND NOT m.deleted AND m.author_id IS DISTINCT FROM l.author_id)
      FROM (SELECT DISTINCT ON (m.thread_id) m.thread_id, m.created_at, m.author_id FROM messages m
             WHERE NOT m.deleted ORDER BY m.thread_id, m.created_at DESC) l
      JOIN threads t ON t.id = l.thread_id AND t.case_id IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER messages_case_activity_update ON messages`.execute(db)
  await sql`DROP TRIGGER messages_case_activity_delete ON messages`.execute(db)
  await sql`DROP TRIGGER messages_case_activity_insert ON messages`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_changed()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_removed()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_added()`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_refresh(uuid[])`.execute(db)
  await sql`DROP FUNCTION case_thread_activity_lock(uuid[])`.execute(db)
  await sql`DROP TABLE case_thread_activity`.execute(db)
}
