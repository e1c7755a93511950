import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16: editing an event after it is created. `sequence` is the iCalendar SEQUENCE of the
 * event (RFC 5545 §3.8.7.4): it grows by one on every change that matters to an attendee (time,
 * place, description, audience, cancelling), so a calendar that imported the earlier ICS replaces
 * it instead of keeping the old one. `updated_at` is when it last changed (LAST-MODIFIED).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE events
      ADD COLUMN sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
      ADD COLUMN updated_at timestamptz`.execute(db)
}
