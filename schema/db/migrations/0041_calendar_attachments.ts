import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16: an event's notices carry the event as an iCalendar attachment, so a calendar that
 * holds the event updates it (METHOD:REQUEST, same UID, higher SEQUENCE) or drops it
 * (METHOD:CANCEL). `communications.calendar` is the ICS text a send carries (null: none), written
 * once per send; the worker copies it to each of its emails (`mail_outbox.calendar`), which the
 * mailer sends as a text/calendar part and an .ics attachment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE communications ADD COLUMN calendar text`.execute(db)
  await sql`ALTER TABLE mail_outbox ADD COLUMN calendar text`.execute(db)
}
