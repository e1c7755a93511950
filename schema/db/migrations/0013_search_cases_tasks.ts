import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Search for cases and task-board cards, and a faster Postgres full-text index.
 *
 * Outbox rows for the indexer come from triggers, in the same transaction as the change, so the
 * case and board projections, case creation and the sharing/participant endpoints cannot forget
 * them (as for people in 0004). Their topics are the indexer's own: `notify` and `task.changed`
 * rows belong to the notification worker, and an outbox row has exactly one consumer.
 *
 * Search records get their author (the advanced search filters by it), and a slimmer vector:
 * one parse per field in the record's language (title weight A, body C) instead of four; the
 * 'simple' lexemes are no longer needed, prefixes are matched on stems (`to_tsquery(cfg,
 * 'kellarissa:*')` is `'kellar':*`). An upsert that changes neither text nor language keeps the
 * vector it had, so re-applying a record or a reindex does not parse again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE search_records ADD COLUMN author_id uuid`.execute(db)
  await sql`
    CREATE OR REPLACE FUNCTION search_records_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      cfg regconfig;
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body
         AND NEW.language = OLD.language THEN
        NEW.tsv := OLD.tsv;
        RETURN NEW;
      END IF;
      cfg := (CASE NEW.language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
              ELSE 'english' END)::regconfig;
      NEW.tsv := setweight(to_tsvector(cfg, unaccent(NEW.title)), 'A')
              || setweight(to_tsvector(cfg, unaccent(NEW.body)), 'C');
      RETURN NEW;
    END $$`.execute(db)
  // The (org_id, type) index made the planner AND a bitmap of every record of the searcher's
  // organisations (often most of the table) to the GIN one; clearing a type needs type only.
  await sql`DROP INDEX search_records_org`.execute(db)
  await sql`CREATE INDEX search_records_type ON search_records (type)`.execute(db)
  // Existing records get the new vector (setting only tsv does not fire the trigger).
  await sql`
    UPDATE search_records SET tsv =
      setweight(to_tsvector((CASE language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
                             ELSE 'english' END)::regconfig, unaccent(title)), 'A')
      || setweight(to_tsvector((CASE language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
                               ELSE 'english' END)::regconfig, unaccent(body)), 'C')`.execute(db)

  await sql`
    CREATE FUNCTION outbox_case_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO outbox (org_id, topic, entity_id) VALUES (NEW.org_id, 'case.search', NEW.id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER cases_search AFTER INSERT OR UPDATE OF title, category, excerpt, reporter_id, assignee_id,
      building_id, shared_with_building ON cases
    FOR EACH ROW EXECUTE FUNCTION outbox_case_search()`.execute(db)

  await sql`
    CREATE FUNCTION outbox_case_participant_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      INSERT INTO outbox (org_id, topic, entity_id) VALUES (r.org_id, 'case.search', r.case_id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER case_participants_search AFTER INSERT OR DELETE ON case_participants
    FOR EACH ROW EXECUTE FUNCTION outbox_case_participant_search()`.execute(db)

  await sql`
    CREATE FUNCTION outbox_task_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      INSERT INTO outbox (org_id, topic, entity_id)
        VALUES (r.org_id, 'task.search', r.board_id::text || ':' || r.card_id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER tasks_search AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION outbox_task_search()`.execute(db)

  await sql`
    CREATE FUNCTION outbox_board_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO outbox (org_id, topic, entity_id) VALUES (NEW.org_id, 'board.search', NEW.id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER boards_search AFTER UPDATE OF title, visibility, archived_at ON boards
    FOR EACH ROW EXECUTE FUNCTION outbox_board_search()`.execute(db)
}
