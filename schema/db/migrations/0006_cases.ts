import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Cases (a resident reports a leak; staff, board and the assigned contractor handle it).
 *
 * The live document `<orgId>/case/<id>` holds what is co-edited (description, checklist) and the
 * managed fields (status history, assignee, due date, category, priority); `cases` is its
 * projection plus what never changes in the document (reporter, location, creation). Who may
 * see a case is decided from this row (schema/policy.ts, case rules), so access-bearing facts
 * that the document does not hold (participants, shared with the building) live here only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Categories a cooperative chose; none means the defaults (schema/cases.ts).
  await sql`
    CREATE TABLE case_categories (
      org_id uuid NOT NULL REFERENCES organisations(id),
      key text NOT NULL CHECK (key ~ '^[a-z0-9_]{1,40}$'),
      name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (org_id, key)
    )`.execute(db)

  await sql`
    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      number integer NOT NULL,
      reporter_id uuid NOT NULL REFERENCES users(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      category text NOT NULL CHECK (category ~ '^[a-z0-9_]{1,40}$'),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new','in_progress','waiting','resolved','closed')),
      assignee_id uuid REFERENCES users(id),
      due_date date,
      building_id uuid,
      staircase_id uuid,
      apartment_id uuid,
      shared_with_building boolean NOT NULL DEFAULT false,
      excerpt text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      UNIQUE (org_id, number),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, staircase_id) REFERENCES staircases(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX cases_org_status ON cases (org_id, status, created_at DESC)`.execute(db)
  await sql`CREATE INDEX cases_reporter ON cases (reporter_id)`.execute(db)
  await sql`CREATE INDEX cases_assignee ON cases (assignee_id) WHERE assignee_id IS NOT NULL`.execute(db)

  // People added to a case explicitly (a contractor, a neighbour affected by the leak).
  await sql`
    CREATE TABLE case_participants (
      org_id uuid NOT NULL,
      case_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      added_by uuid REFERENCES users(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, user_id),
      FOREIGN KEY (org_id, case_id) REFERENCES cases(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX case_participants_user ON case_participants (user_id)`.execute(db)

  // Every status the case has had, with who and when (projected from the document's history).
  await sql`
    CREATE TABLE case_status_history (
      org_id uuid NOT NULL,
      case_id uuid NOT NULL,
      seq integer NOT NULL,
      status text NOT NULL CHECK (status IN ('new','in_progress','waiting','resolved','closed')),
      changed_by uuid REFERENCES users(id),
      changed_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, seq),
      FOREIGN KEY (org_id, case_id) REFERENCES cases(org_id, id)
    )`.execute(db)

  // A case's two conversations: its thread (everyone with access) and internal notes.
  await sql`ALTER TABLE threads ADD COLUMN case_id uuid`.execute(db)
  await sql`
    ALTER TABLE threads ADD COLUMN layer text CHECK (layer IN ('case','internal'))`.execute(db)
  await sql`
    ALTER TABLE threads ADD CONSTRAINT threads_case_fk
      FOREIGN KEY (org_id, case_id) REFERENCES cases(org_id, id)`.execute(db)
  await sql`
    ALTER TABLE threads ADD CONSTRAINT threads_case_layer
      CHECK ((case_id IS NULL) = (layer IS NULL))`.execute(db)
  await sql`CREATE UNIQUE INDEX threads_case_layer_key ON threads (case_id, layer) WHERE case_id IS NOT NULL`.execute(
    db,
  )

  // Read position per person per thread: unread counts and badges.
  await sql`
    CREATE TABLE thread_reads (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      thread_id uuid NOT NULL REFERENCES threads(id),
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, thread_id)
    )`.execute(db)
}
