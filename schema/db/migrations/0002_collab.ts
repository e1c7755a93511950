import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Chat threads: standing channels of an organisation now; case/task/event threads later.
  await sql`
    CREATE TABLE threads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      kind text NOT NULL DEFAULT 'channel' CHECK (kind IN ('channel','case','task','event')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      audience text NOT NULL DEFAULT 'members' CHECK (audience IN ('members','board')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX threads_org ON threads (org_id, created_at)`.execute(db)

  // A live document's compacted state. The update log below holds what came after.
  await sql`
    CREATE TABLE collab_documents (
      name text PRIMARY KEY,
      org_id uuid REFERENCES organisations(id),
      kind text NOT NULL,
      snapshot bytea NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  // Every accepted update, appended before it is applied and acknowledged.
  await sql`
    CREATE TABLE collab_updates (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      doc_name text NOT NULL,
      update bytea NOT NULL,
      user_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX collab_updates_doc ON collab_updates (doc_name, id)`.execute(db)

  // Short-lived tokens for websocket clients that cannot send the session cookie.
  await sql`
    CREATE TABLE collab_tokens (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX collab_tokens_expires ON collab_tokens (expires_at)`.execute(db)

  // Projection of thread documents: lists, unread counts, notifications, search.
  await sql`
    CREATE TABLE messages (
      org_id uuid NOT NULL,
      thread_id uuid NOT NULL,
      id text NOT NULL,
      author_id uuid,
      text text NOT NULL,
      created_at timestamptz NOT NULL,
      edited_at timestamptz,
      deleted boolean NOT NULL DEFAULT false,
      hidden boolean NOT NULL DEFAULT false,
      PRIMARY KEY (thread_id, id),
      FOREIGN KEY (org_id, thread_id) REFERENCES threads(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX messages_org_created ON messages (org_id, created_at DESC)`.execute(db)

  // Work for the indexer and notifiers, written in the same transaction as what caused it.
  await sql`
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid,
      topic text NOT NULL,
      entity_id text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      claimed_at timestamptz,
      processed_at timestamptz,
      last_error text
    )`.execute(db)
  await sql`CREATE INDEX outbox_pending ON outbox (id) WHERE processed_at IS NULL`.execute(db)
}
