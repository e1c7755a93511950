import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Attachments: a stored file (`files`, content-addressed on disk) attached to something whose
 * visibility it inherits. One table for every owner:
 *   case     owner_id = the case
 *   message  owner_id = the thread the message is posted in (ids travel in the message itself)
 *   task     owner_id = the card, board_id = its board (card ids are unique per board only)
 * Name, type and size live in `files`; the thumbnail of a raster image is a second blob.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      owner_kind text NOT NULL CHECK (owner_kind IN ('case', 'message', 'task')),
      owner_id uuid NOT NULL,
      board_id uuid,
      file_id uuid NOT NULL,
      thumb_sha256 text CHECK (thumb_sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, file_id) REFERENCES files(org_id, id),
      FOREIGN KEY (org_id, board_id) REFERENCES boards(org_id, id),
      CHECK ((owner_kind = 'task') = (board_id IS NOT NULL))
    )`.execute(db)
  await sql`
    CREATE INDEX attachments_owner ON attachments (org_id, owner_kind, owner_id, created_at)
    WHERE deleted_at IS NULL`.execute(db)
}
