import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Task boards. The board's content (columns, cards) lives in its live document
 * `<orgId>/board/<id>`; this table holds what the policy needs before a document is opened (the
 * organisation and who may read it), and `tasks` is the projection of its cards, written in the
 * compaction transaction. Delegated cards are reached by contractors only through `tasks` and
 * `task_comments`, never through the document.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE boards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      visibility text NOT NULL DEFAULT 'board' CHECK (visibility IN ('board','residents')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX boards_org ON boards (org_id, created_at)`.execute(db)

  // One row per card. card_id is client-generated, so it is unique per board only.
  await sql`
    CREATE TABLE tasks (
      org_id uuid NOT NULL,
      board_id uuid NOT NULL,
      card_id uuid NOT NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      assignee_id uuid,
      delegated_org_id uuid REFERENCES organisations(id),
      due date,
      column_id uuid,
      status text NOT NULL DEFAULT '',
      labels jsonb NOT NULL DEFAULT '[]'::jsonb,
      checklist_done integer NOT NULL DEFAULT 0,
      checklist_total integer NOT NULL DEFAULT 0,
      progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      archived boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (board_id, card_id),
      FOREIGN KEY (org_id, board_id) REFERENCES boards(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX tasks_card ON tasks (card_id)`.execute(db)
  await sql`CREATE INDEX tasks_assignee ON tasks (assignee_id) WHERE NOT archived`.execute(db)
  await sql`CREATE INDEX tasks_delegated ON tasks (delegated_org_id) WHERE NOT archived`.execute(db)

  // Comments on a card: readable by the board and by the contractor the card is delegated to.
  await sql`
    CREATE TABLE task_comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      board_id uuid NOT NULL,
      card_id uuid NOT NULL,
      author_id uuid REFERENCES users(id),
      author_org_id uuid REFERENCES organisations(id),
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (org_id, board_id) REFERENCES boards(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX task_comments_card ON task_comments (board_id, card_id, created_at)`.execute(db)
}
