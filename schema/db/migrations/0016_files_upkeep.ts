import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Files upkeep.
 * - `upload_attempts`: the upload throttle (api/files/uploadLimit.ts), one row per upload a user
 *   started, kept only for the window. In the database, like the login throttle, so the limit
 *   holds across API processes and restarts. Not `login_failures`: its clean-up drops every row
 *   older than the login window, which would cut a longer upload window short.
 * - An index on thumbnail addresses: the orphan sweep (api/files/sweep.ts) asks, for each blob
 *   on disk, whether a file row or an attachment's thumbnail still points at it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE upload_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX upload_attempts_user_at ON upload_attempts (user_id, at)`.execute(db)
  await sql`
    CREATE INDEX attachments_thumb ON attachments (thumb_sha256) WHERE thumb_sha256 IS NOT NULL`.execute(db)
}
