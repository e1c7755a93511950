import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 19, session 15: search's full-text index without GIN's pending list. With `fastupdate`
 * on (the default) new entries wait in an unsorted list, up to `gin_pending_list_limit` (4 MB),
 * until a vacuum merges them, and every search reads the whole list: on the reports benchmark's
 * data, freshly indexed, a search's index scan took 10 ms instead of 0.4–1.7 ms. Search rows are
 * written by the indexer in the background, a few at a time; searches are read by people
 * waiting: entries now go straight into the index. The list is merged once here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER INDEX search_records_tsv_gin SET (fastupdate = off)`.execute(db)
  await sql`SELECT gin_clean_pending_list('search_records_tsv_gin'::regclass)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER INDEX search_records_tsv_gin RESET (fastupdate)`.execute(db)
}
