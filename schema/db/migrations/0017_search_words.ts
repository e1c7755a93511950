import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Search vectors from the words a query is split into.
 *
 * The query side splits on anything that is not a letter or digit (server/search/words.ts) and
 * stems each word alone. The vector was parsed from the raw text, where Postgres' parser reads
 * "B-40213377" as the word "b" and the number "-40213377", "vuosikertomus_2025.pdf" as a single
 * file-name token and "a@b.fi" as one e-mail token: none of them could be found by their parts
 * (a booking by its apartment number failed about one time in 40 in CI). The vector is now
 * parsed from the text with every run of other characters turned into a space, exactly as the
 * query is. C.UTF-8 (Postgres and PGlite) counts Unicode letters and digits as [[:alnum:]].
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION search_words(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT regexp_replace(unaccent(t), '[^[:alnum:]]+', ' ', 'g')
    $$`.execute(db)
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
      NEW.tsv := setweight(to_tsvector(cfg, search_words(NEW.title)), 'A')
              || setweight(to_tsvector(cfg, search_words(NEW.body)), 'C');
      RETURN NEW;
    END $$`.execute(db)
  // Existing records get the new vector (setting only tsv does not fire the trigger).
  await sql`
    UPDATE search_records SET tsv =
      setweight(to_tsvector((CASE language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
                             ELSE 'english' END)::regconfig, search_words(title)), 'A')
      || setweight(to_tsvector((CASE language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish'
                               ELSE 'english' END)::regconfig, search_words(body)), 'C')`.execute(db)
}
