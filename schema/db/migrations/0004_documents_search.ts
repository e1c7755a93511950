import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── Outbox: backoff, parking and lease owner for the indexer ────────────────────────────────
  await sql`ALTER TABLE outbox ADD COLUMN available_at timestamptz`.execute(db)
  await sql`ALTER TABLE outbox ADD COLUMN parked_at timestamptz`.execute(db)
  await sql`ALTER TABLE outbox ADD COLUMN claimed_by text`.execute(db)
  await sql`CREATE INDEX outbox_claimable ON outbox (id) WHERE processed_at IS NULL AND parked_at IS NULL`.execute(
    db,
  )

  // ── Files: content-addressed blobs on disk, metadata here ──────────────────────────────────
  await sql`
    CREATE TABLE files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL CHECK (size >= 0),
      mime text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      uploaded_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX files_sha ON files (sha256)`.execute(db)

  // ── Document folders, documents and their versions ─────────────────────────────────────────
  await sql`
    CREATE TABLE document_folders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      parent_id uuid,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      visible_roles text[] NOT NULL DEFAULT '{}',
      visible_groups text[] NOT NULL DEFAULT '{}',
      building_id uuid,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, parent_id) REFERENCES document_folders(org_id, id),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX document_folders_parent ON document_folders (org_id, parent_id)`.execute(db)

  await sql`
    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      folder_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
      language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','sv','en')),
      current_version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, folder_id) REFERENCES document_folders(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX documents_folder ON documents (org_id, folder_id)`.execute(db)

  await sql`
    CREATE TABLE document_versions (
      org_id uuid NOT NULL,
      document_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      file_id uuid NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      extracted_text text,
      extracted_at timestamptz,
      extract_error text,
      PRIMARY KEY (document_id, version),
      FOREIGN KEY (org_id, document_id) REFERENCES documents(org_id, id),
      FOREIGN KEY (org_id, file_id) REFERENCES files(org_id, id)
    )`.execute(db)

  // ── Search records for the Postgres full-text adapter ──────────────────────────────────────
  await sql`
    CREATE TABLE search_records (
      id text PRIMARY KEY,
      org_id uuid NOT NULL,
      type text NOT NULL,
      entity_id text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      url text NOT NULL,
      language text NOT NULL,
      updated_at timestamptz NOT NULL,
      vis_all boolean NOT NULL,
      vis_roles text[] NOT NULL,
      vis_building uuid,
      vis_participants text[] NOT NULL,
      vis_internal boolean NOT NULL,
      tsv tsvector NOT NULL
    )`.execute(db)
  // The vector is derived in the database (unaccent is not immutable, so no generated column):
  // stemmed in the record's language for inflections, plus 'simple' lexemes for prefixes.
  await sql`
    CREATE FUNCTION search_records_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      cfg regconfig := (CASE NEW.language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
                        ELSE 'english' END)::regconfig;
      title text := unaccent(NEW.title);
      body text := unaccent(NEW.body);
    BEGIN
      NEW.tsv := setweight(to_tsvector(cfg, title), 'A')
              || setweight(to_tsvector('simple', title), 'B')
              || setweight(to_tsvector(cfg, body), 'C')
              || setweight(to_tsvector('simple', body), 'D');
      RETURN NEW;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER search_records_tsv BEFORE INSERT OR UPDATE OF title, body, language ON search_records
    FOR EACH ROW EXECUTE FUNCTION search_records_tsv()`.execute(db)
  await sql`CREATE INDEX search_records_tsv_gin ON search_records USING gin (tsv)`.execute(db)
  await sql`CREATE INDEX search_records_org ON search_records (org_id, type)`.execute(db)
  // Every word ever indexed (unaccented, lower case): typo-tolerant query expansion via pg_trgm.
  await sql`CREATE TABLE search_lexicon (word text PRIMARY KEY)`.execute(db)
  await sql`CREATE INDEX search_lexicon_trgm ON search_lexicon USING gin (word gin_trgm_ops)`.execute(db)

  // People are indexed from memberships and users, which many modules change. Triggers write
  // the outbox row in the same transaction as the change, so no code path can forget it.
  await sql`
    CREATE FUNCTION outbox_person_from_membership() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      INSERT INTO outbox (org_id, topic, entity_id, payload)
        VALUES (r.org_id, 'person.changed', r.org_id::text || ':' || r.user_id::text,
                jsonb_build_object('orgId', r.org_id, 'userId', r.user_id));
      IF TG_OP = 'UPDATE' AND (OLD.org_id, OLD.user_id) IS DISTINCT FROM (NEW.org_id, NEW.user_id) THEN
        INSERT INTO outbox (org_id, topic, entity_id, payload)
          VALUES (OLD.org_id, 'person.changed', OLD.org_id::text || ':' || OLD.user_id::text,
                  jsonb_build_object('orgId', OLD.org_id, 'userId', OLD.user_id));
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER memberships_outbox AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION outbox_person_from_membership()`.execute(db)
  await sql`
    CREATE FUNCTION outbox_person_from_user() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO outbox (org_id, topic, entity_id, payload)
        SELECT DISTINCT m.org_id, 'person.changed', m.org_id::text || ':' || m.user_id::text,
               jsonb_build_object('orgId', m.org_id, 'userId', m.user_id)
        FROM memberships m WHERE m.user_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER users_outbox AFTER UPDATE OF name, email, phone ON users
    FOR EACH ROW EXECUTE FUNCTION outbox_person_from_user()`.execute(db)
}
