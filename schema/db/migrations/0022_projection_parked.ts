import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Items of a live document that its projection could not write (a message whose id is another
 * message's, one whose row belongs to another author, a row the database refused). Compaction
 * parks and reports them and projects the rest, so one bad item cannot stop a document's
 * compaction for ever (server/projections/parked.ts). One row per document item (its Yjs
 * id), so a document compacted again reports each item once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE projection_parked (
      doc_name text NOT NULL,
      item text NOT NULL,
      org_id uuid,
      entity_id text NOT NULL,
      author_id uuid,
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (doc_name, item)
    )`.execute(db)
}
