import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 16, two things:
 *
 * - An event's notices carry the event as an iCalendar attachment, so a calendar that holds the
 *   event updates it (METHOD:REQUEST, same UID, higher SEQUENCE) or drops it (METHOD:CANCEL).
 *   `communications.calendar` is the ICS text a send carries (null: none), written once per send;
 *   the worker copies it to each of its emails (`mail_outbox.calendar`), which the mailer sends as
 *   a text/calendar part and an .ics attachment.
 *
 * - The foreign keys of `communication_deliveries` go. They cost more than half of a mass send's
 *   enqueue: one trigger call per delivery row and key, 2 × 150,000 for a 50,000-person send over
 *   three channels (EXPLAIN ANALYZE on Postgres, 60,000 rows: 2.4 of 4.0 s in the two triggers;
 *   on PGlite 10.1 s with them, 2.8 s without). What they guarded cannot happen: no user,
 *   communication or delivery row is ever deleted (erasure anonymises the user row), and every
 *   writer inserts delivery rows in the transaction that wrote the communication, with the
 *   communication's own id and organisation and user ids it has just read from `users`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE communications ADD COLUMN calendar text`.execute(db)
  await sql`ALTER TABLE mail_outbox ADD COLUMN calendar text`.execute(db)
  await sql`
    ALTER TABLE communication_deliveries
      DROP CONSTRAINT communication_deliveries_user_id_fkey,
      DROP CONSTRAINT communication_deliveries_org_id_communication_id_fkey`.execute(db)
}
