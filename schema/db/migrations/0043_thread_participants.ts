import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 21 (b): who takes part in a thread, kept as messages are written, so the notifier no
 * longer runs `SELECT DISTINCT author_id FROM messages WHERE thread_id = …` for every batch of new
 * messages (a scan of the thread's whole history, archive included, in a busy channel several
 * times a second).
 *
 * `thread_participants` holds, per thread and author, how many message rows they have there.
 * Statement triggers on `messages` keep it: an insert adds the new rows' counts (one grouped
 * upsert per statement, whatever its row count: a compaction writes hundreds of messages in one
 * statement), a delete (retention, a removed case) subtracts and drops authors left with none.
 * An update of `author_id` moves the count (nothing updates it today; the trigger keeps the
 * table true should that change). Rows stay when a message is archived, deleted or hidden (the
 * row stays): the notifier's notion of "has written here" is unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE thread_participants (
      org_id uuid NOT NULL,
      thread_id uuid NOT NULL,
      user_id uuid NOT NULL,
      messages integer NOT NULL CHECK (messages > 0),
      PRIMARY KEY (thread_id, user_id),
      FOREIGN KEY (org_id, thread_id) REFERENCES threads(org_id, id) ON DELETE CASCADE
    )`.execute(db)
  await sql`
    INSERT INTO thread_participants (org_id, thread_id, user_id, messages)
    SELECT org_id, thread_id, author_id, count(*) FROM messages
     WHERE author_id IS NOT NULL GROUP BY org_id, thread_id, author_id`.execute(db)

  await sql`
    CREATE FUNCTION thread_participants_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO thread_participants AS p (org_id, thread_id, user_id, messages)
      SELECT org_id, thread_id, author_id, count(*) FROM added
       WHERE author_id IS NOT NULL GROUP BY org_id, thread_id, author_id
      ON CONFLICT (thread_id, user_id) DO UPDATE SET messages = p.messages + excluded.messages;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION thread_participants_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Drop those left with none first: the update below would otherwise bring them under n.
      DELETE FROM thread_participants p
        USING (SELECT thread_id, author_id, count(*) AS n FROM removed
                WHERE author_id IS NOT NULL GROUP BY thread_id, author_id) gone
       WHERE p.thread_id = gone.thread_id AND p.user_id = gone.author_id AND p.messages <= gone.n;
      UPDATE thread_participants p SET messages = p.messages - gone.n
        FROM (SELECT thread_id, author_id, count(*) AS n FROM removed
               WHERE author_id IS NOT NULL GROUP BY thread_id, author_id) gone
       WHERE p.thread_id = gone.thread_id AND p.user_id = gone.author_id;
      RETURN NULL;
    END $$`.execute(db)
  // A row trigger, and only for a statement that sets author_id and changes it: a statement
  // trigger with transition tables would copy every updated row of every renumbering and archive
  // marking, and nothing sets author_id today.
  await sql`
    CREATE FUNCTION thread_participants_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.author_id IS NOT NULL THEN
        DELETE FROM thread_participants
         WHERE thread_id = OLD.thread_id AND user_id = OLD.author_id AND messages <= 1;
        UPDATE thread_participants SET messages = messages - 1
         WHERE thread_id = OLD.thread_id AND user_id = OLD.author_id;
      END IF;
      IF NEW.author_id IS NOT NULL THEN
        INSERT INTO thread_participants AS p (org_id, thread_id, user_id, messages)
        VALUES (NEW.org_id, NEW.thread_id, NEW.author_id, 1)
        ON CONFLICT (thread_id, user_id) DO UPDATE SET messages = p.messages + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db)

  await sql`
    CREATE TRIGGER messages_participants_insert AFTER INSERT ON messages
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION thread_participants_add()`.execute(db)
  await sql`
    CREATE TRIGGER messages_participants_delete AFTER DELETE ON messages
      REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION thread_participants_remove()`.execute(db)
  await sql`
    CREATE TRIGGER messages_participants_update AFTER UPDATE OF author_id ON messages
      FOR EACH ROW WHEN (OLD.author_id IS DISTINCT FROM NEW.author_id)
      EXECUTE FUNCTION thread_participants_move()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER messages_participants_update ON messages`.execute(db)
  await sql`DROP TRIGGER messages_participants_delete ON messages`.execute(db)
  await sql`DROP TRIGGER messages_participants_insert ON messages`.execute(db)
  await sql`DROP FUNCTION thread_participants_move()`.execute(db)
  await sql`DROP FUNCTION thread_participants_remove()`.execute(db)
  await sql`DROP FUNCTION thread_participants_add()`.execute(db)
  await sql`DROP TABLE thread_participants`.execute(db)
}
