import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * The import API's rate limit (api/finance/import/rateLimit.ts): one row per call an API key (or
 * a person uploading in the portal) made, kept only for the window. In the database, like the
 * upload throttle, so the limit holds across API processes and restarts. `caller` is
 * `key:<api key id>` or `user:<user id>`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_calls (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      caller text NOT NULL CHECK (length(caller) <= 100),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX import_calls_caller ON import_calls (caller, at DESC)`.execute(db)
}
