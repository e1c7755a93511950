import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16: a platform-wide critical announcement by email and SMS. A delivery belongs to one
 * organisation's send, so the announcement fans out to one send per organisation, in bounded
 * batches of people (`fanout_cursor`: the last user id done; `fanout_done_at` when finished), each
 * person in exactly one send (their first organisation), so a person in three cooperatives gets
 * one email. `target_org_ids` (a JSON array of organisation ids, null: everyone) limits an
 * announcement to some organisations, e.g. an outage of one region's service.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE announcements
      ADD COLUMN target_org_ids jsonb,
      ADD COLUMN fanout_cursor uuid,
      ADD COLUMN fanout_done_at timestamptz`.execute(db)
  await sql`
    CREATE INDEX announcements_fanout_due ON announcements (starts_at)
    WHERE org_id IS NULL AND severity = 'critical' AND fanout_done_at IS NULL`.execute(db)
  // Published before this: banner only, as they were announced; never fanned out afterwards.
  await sql`UPDATE announcements SET fanout_done_at = now() WHERE org_id IS NULL`.execute(db)
  await sql`ALTER TABLE communications ADD COLUMN announcement_id uuid REFERENCES announcements(id)`.execute(
    db,
  )
  await sql`
    CREATE UNIQUE INDEX communications_announcement_org ON communications (announcement_id, org_id)
    WHERE announcement_id IS NOT NULL`.execute(db)
}
