import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16, two things. Saved recipient lists (at the end): a named audience of an organisation
 * ("Hallitus ja isännöitsijä"), which the composer loads instead of ticking the same groups again.
 *
 * And `communication_deliveries` gets its two key checks back, per statement instead of per
 * row. 0041 dropped the foreign keys (user, and organisation + communication) because their
 * per-row triggers were more than half of a 50,000-person send's enqueue. The second one is a
 * tenant guard, though: a delivery row whose `org_id` is not its communication's would show one
 * cooperative's message in another's send lists and counts. Without any check, a future writer's
 * mistake would be stored silently.
 *
 * - Insert: one statement-level trigger over the inserted rows (transition table) looks for a
 *   row without its communication in the same organisation, or without its user, with one
 *   anti-join per statement, whatever its row count, and refuses the statement (SQLSTATE 23503,
 *   as a foreign key would). The communications named are locked FOR KEY SHARE (one or a few
 *   rows per statement) so a concurrent delete cannot slip between the check and the commit;
 *   users are not locked (the per-row lock is the cost the foreign key had, and nothing deletes
 *   users: erasure anonymises the row).
 * - Changing a delivery's keys: a row trigger on updates of those columns (nothing does it; the
 *   status updates of the worker set other columns, so it never fires for them).
 * - Parents: deleting a communication or a user, or changing their ids, while deliveries point at
 *   them is refused (ON DELETE NO ACTION, as the foreign keys did). Nothing deletes either today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION communication_deliveries_check_added() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE bad record;
    BEGIN
      PERFORM 1 FROM communications c
        WHERE (c.org_id, c.id) IN (SELECT DISTINCT org_id, communication_id FROM added)
        FOR KEY SHARE;
      SELECT a.org_id, a.communication_id INTO bad FROM added a
        WHERE NOT EXISTS (SELECT 1 FROM communications c
                           WHERE c.id = a.communication_id AND c.org_id = a.org_id)
        LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'communication_deliveries: communication % is not of organisation %',
          bad.communication_id, bad.org_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      SELECT a.user_id INTO bad FROM added a
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
        LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'communication_deliveries: no user %', bad.user_id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER communication_deliveries_keys_insert AFTER INSERT ON communication_deliveries
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION communication_deliveries_check_added()`.execute(db)

  await sql`
    CREATE FUNCTION communication_deliveries_check_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM communications c
        WHERE c.id = NEW.communication_id AND c.org_id = NEW.org_id FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'communication_deliveries: communication % is not of organisation %',
          NEW.communication_id, NEW.org_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.user_id) THEN
        RAISE EXCEPTION 'communication_deliveries: no user %', NEW.user_id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER communication_deliveries_keys_update
      AFTER UPDATE OF org_id, communication_id, user_id ON communication_deliveries
      FOR EACH ROW
      WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.communication_id IS DISTINCT FROM NEW.communication_id
            OR OLD.user_id IS DISTINCT FROM NEW.user_id)
      EXECUTE FUNCTION communication_deliveries_check_changed()`.execute(db)

  // The parents' side. A row trigger: it fires only on a delete or an id change, which nothing does.
  await sql`
    CREATE FUNCTION communication_deliveries_parent_gone() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'communications' THEN
        IF EXISTS (SELECT 1 FROM communication_deliveries d WHERE d.communication_id = OLD.id) THEN
          RAISE EXCEPTION 'communication % still has deliveries', OLD.id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
      ELSIF EXISTS (SELECT 1 FROM communication_deliveries d WHERE d.user_id = OLD.id) THEN
        RAISE EXCEPTION 'user % still has communication deliveries', OLD.id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER communications_deliveries_kept AFTER DELETE ON communications
      FOR EACH ROW EXECUTE FUNCTION communication_deliveries_parent_gone()`.execute(db)
  await sql`
    CREATE TRIGGER communications_deliveries_kept_on_update AFTER UPDATE OF id, org_id ON communications
      FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.org_id IS DISTINCT FROM NEW.org_id)
      EXECUTE FUNCTION communication_deliveries_parent_gone()`.execute(db)
  await sql`
    CREATE TRIGGER users_deliveries_kept AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION communication_deliveries_parent_gone()`.execute(db)
  await sql`
    CREATE TRIGGER users_deliveries_kept_on_update AFTER UPDATE OF id ON users
      FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
      EXECUTE FUNCTION communication_deliveries_parent_gone()`.execute(db)

  await sql`
    CREATE TABLE communication_lists (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      audience jsonb NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    )`.execute(db)
}
