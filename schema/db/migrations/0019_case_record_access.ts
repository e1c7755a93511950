import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Case records and who may keep them (issue 12, items 5 and 6).
 *
 * `case_participants.via_org_id`: the partner company a participant was added through (null: they
 * were added as a member of the cooperative). A participant's or assignee's access holds only while
 * they still belong to the cooperative, its managing company, or that partner company. Existing
 * participants who are not members of the cooperative get the partner company they belong to.
 *
 * `case_record_changes`: every change of a case's description and checklist, with who and when
 * (and the description before and after), projected from the update log at compaction. `entry`
 * keys a change by its log row, so projecting the same rows again inserts nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_participants ADD COLUMN via_org_id uuid REFERENCES organisations(id)`.execute(db)
  await sql`
    UPDATE case_participants cp SET via_org_id = (
      SELECT m.org_id FROM memberships m JOIN organisations o ON o.id = m.org_id
       WHERE m.user_id = cp.user_id AND o.kind = 'partner_company'
       ORDER BY m.created_at LIMIT 1)
     WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = cp.user_id AND m.org_id = cp.org_id)`.execute(
    db,
  )
  await sql`
    CREATE TABLE case_record_changes (
      org_id uuid NOT NULL,
      case_id uuid NOT NULL,
      entry text NOT NULL,
      kind text NOT NULL CHECK (kind IN
        ('description','checklist_added','checklist_edited','checklist_ticked','checklist_unticked','checklist_removed')),
      item_id text,
      item_text text,
      before text,
      after text,
      changed_by uuid REFERENCES users(id),
      changed_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, entry),
      FOREIGN KEY (org_id, case_id) REFERENCES cases(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX case_record_changes_at ON case_record_changes (case_id, changed_at)`.execute(db)
}
