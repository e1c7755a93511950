import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 19: the work queue's bucket counts (api/workqueue) without counting every open case of
 * every cooperative in reach on each request. `case_queue_counts` holds, per cooperative and per
 * (status, assignee, due date), how many open cases (new, in progress, waiting) there are; the
 * buckets are sums over these few rows: all, unassigned (assignee null), mine (assignee = me),
 * overdue (due date before today: a day boundary changes no row, so the date stays a key rather
 * than a flag), waiting.
 *
 * Triggers on `cases` keep it in the transaction that changes a case, whoever writes it (the
 * routes, the case projection, retention, erasure): an insert adds the new open rows' counts
 * (one grouped upsert per statement, as 0043 does), a delete subtracts and drops keys left with
 * none, an update of one of the four columns moves one case between keys (a row trigger that
 * fires only when one of them changes: the projection's frequent `excerpt`/`updated_at` writes
 * do not). Upserts and decrements are commutative, so concurrent writers need no other lock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_queue_counts (
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting')),
      assignee_id uuid,
      due_date date,
      cases integer NOT NULL CHECK (cases > 0),
      CONSTRAINT case_queue_counts_key UNIQUE NULLS NOT DISTINCT (org_id, status, assignee_id, due_date)
    )`.execute(db)
  await sql`
    CREATE FUNCTION case_queue_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO case_queue_counts AS q (org_id, status, assignee_id, due_date, cases)
      SELECT org_id, status, assignee_id, due_date, count(*) FROM added
       WHERE status IN ('new', 'in_progress', 'waiting')
       GROUP BY org_id, status, assignee_id, due_date
       ORDER BY org_id, status, assignee_id, due_date
      ON CONFLICT ON CONSTRAINT case_queue_counts_key DO UPDATE SET cases = q.cases + excluded.cases;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION case_queue_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Drop the keys left with none first: the update below would otherwise bring them to 0.
      DELETE FROM case_queue_counts q
        USING (SELECT org_id, status, assignee_id, due_date, count(*) AS n FROM removed
                WHERE status IN ('new', 'in_progress', 'waiting')
                GROUP BY org_id, status, assignee_id, due_date) gone
       WHERE q.org_id = gone.org_id AND q.status = gone.status
         AND q.assignee_id IS NOT DISTINCT FROM gone.assignee_id
         AND q.due_date IS NOT DISTINCT FROM gone.due_date AND q.cases <= gone.n;
      UPDATE case_queue_counts q SET cases = q.cases - gone.n
        FROM (SELECT org_id, status, assignee_id, due_date, count(*) AS n FROM removed
               WHERE status IN ('new', 'in_progress', 'waiting')
               GROUP BY org_id, status, assignee_id, due_date) gone
       WHERE q.org_id = gone.org_id AND q.status = gone.status
         AND q.assignee_id IS NOT DISTINCT FROM gone.assignee_id
         AND q.due_date IS NOT DISTINCT FROM gone.due_date;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION case_queue_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status IN ('new', 'in_progress', 'waiting') THEN
        DELETE FROM case_queue_counts
         WHERE org_id = OLD.org_id AND status = OLD.status
           AND assignee_id IS NOT DISTINCT FROM OLD.assignee_id
           AND due_date IS NOT DISTINCT FROM OLD.due_date AND cases <= 1;
        UPDATE case_queue_counts SET cases = cases - 1
         WHERE org_id = OLD.org_id AND status = OLD.status
           AND assignee_id IS NOT DISTINCT FROM OLD.assignee_id
           AND due_date IS NOT DISTINCT FROM OLD.due_date;
      END IF;
      IF NEW.status IN ('new', 'in_progress', 'waiting') THEN
        INSERT INTO case_queue_counts AS q (org_id, status, assignee_id, due_date, cases)
        VALUES (NEW.org_id, NEW.status, NEW.assignee_id, NEW.due_date, 1)
        ON CONFLICT ON CONSTRAINT case_queue_counts_key DO UPDATE SET cases = q.cases + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db)

  await sql`
    CREATE TRIGGER cases_queue_counts_insert AFTER INSERT ON cases
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION case_queue_counts_add()`.execute(db)
  await sql`
    CREATE TRIGGER cases_queue_counts_delete AFTER DELETE ON cases
      REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION case_queue_counts_remove()`.execute(db)
  await sql`
    CREATE TRIGGER cases_queue_counts_update AFTER UPDATE OF org_id, status, assignee_id, due_date ON cases
      FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.due_date IS DISTINCT FROM NEW.due_date)
      EXECUTE FUNCTION case_queue_counts_move()`.execute(db)
  // The existing cases, counted once, after the triggers: creating them locked `cases` against
  // writers until this transaction ends, so every case is either counted here or by them.
  await sql`
    INSERT INTO case_queue_counts (org_id, status, assignee_id, due_date, cases)
    SELECT org_id, status, assignee_id, due_date, count(*) FROM cases
     WHERE status IN ('new', 'in_progress', 'waiting')
     GROUP BY org_id, status, assignee_id, due_date`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER cases_queue_counts_update ON cases`.execute(db)
  await sql`DROP TRIGGER cases_queue_counts_delete ON cases`.execute(db)
  await sql`DROP TRIGGER cases_queue_counts_insert ON cases`.execute(db)
  await sql`DROP FUNCTION case_queue_counts_move()`.execute(db)
  await sql`DROP FUNCTION case_queue_counts_remove()`.execute(db)
  await sql`DROP FUNCTION case_queue_counts_add()`.execute(db)
  await sql`DROP TABLE case_queue_counts`.execute(db)
}
