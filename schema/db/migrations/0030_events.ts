import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Events (issue 16): an organisation's event (title, place, time, audience, optional capacity),
 * the people it was sent to (`event_invitees`, resolved from the audience when the event is
 * created, like a communication's recipients), their answers (`event_rsvps`), its chat thread
 * (a `threads` row of kind 'event') and its reminder (a scheduled communication, delivered by the
 * communications worker on each invitee's channels).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
      place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      audience jsonb NOT NULL,
      capacity integer CHECK (capacity IS NULL OR capacity > 0),
      reminder_hours integer CHECK (reminder_hours IS NULL OR reminder_hours BETWEEN 1 AND 336),
      reminder_communication_id uuid,
      thread_id uuid NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz,
      UNIQUE (org_id, id),
      CHECK (ends_at > starts_at),
      FOREIGN KEY (org_id, thread_id) REFERENCES threads(org_id, id),
      FOREIGN KEY (org_id, reminder_communication_id) REFERENCES communications(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX events_org_start ON events (org_id, starts_at)`.execute(db)
  await sql`CREATE UNIQUE INDEX events_thread ON events (thread_id)`.execute(db)
  await sql`
    CREATE TABLE event_invitees (
      event_id uuid NOT NULL REFERENCES events(id),
      user_id uuid NOT NULL REFERENCES users(id),
      PRIMARY KEY (event_id, user_id)
    )`.execute(db)
  await sql`CREATE INDEX event_invitees_user ON event_invitees (user_id)`.execute(db)
  await sql`
    CREATE TABLE event_rsvps (
      event_id uuid NOT NULL REFERENCES events(id),
      user_id uuid NOT NULL REFERENCES users(id),
      response text NOT NULL CHECK (response IN ('yes','no','maybe')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, user_id)
    )`.execute(db)
}
