import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Communications (issue 16): announcements (platform-wide when org_id is null, else one
 * organisation's), mass communications, and one delivery row per recipient and channel.
 *
 * A delivery row is the durable unit of work: written when the message is sent (or scheduled,
 * with `available_at` in the future), claimed by a worker with a lease (`claimed_at`,
 * `claimed_by`, `FOR UPDATE SKIP LOCKED`), completed only by the lease holder, retried with
 * backoff on failure. UNIQUE (communication_id, user_id, channel) makes enqueueing idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE announcements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid REFERENCES organisations(id),
      severity text NOT NULL CHECK (severity IN ('info','warning','critical')),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      texts jsonb NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      signalled_at timestamptz,
      CHECK (ends_at > starts_at)
    )`.execute(db)
  await sql`CREATE INDEX announcements_window ON announcements (ends_at, starts_at)`.execute(db)
  await sql`
    CREATE TABLE announcement_dismissals (
      announcement_id uuid NOT NULL REFERENCES announcements(id),
      user_id uuid NOT NULL REFERENCES users(id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (announcement_id, user_id)
    )`.execute(db)
  await sql`
    CREATE TABLE communications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      sender_id uuid REFERENCES users(id),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      audience jsonb NOT NULL,
      override jsonb NOT NULL DEFAULT '{}',
      recipient_count integer NOT NULL DEFAULT 0,
      scheduled_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz,
      letter_file_id uuid,
      letter_pages integer,
      -- A critical announcement sent by email and SMS: its texts per language ({fi,sv,en}:{title,body}).
      texts jsonb,
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX communications_org ON communications (org_id, created_at DESC)`.execute(db)
  await sql`CREATE INDEX communications_sender ON communications (sender_id, created_at)`.execute(db)
  await sql`
    CREATE TABLE communication_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid NOT NULL,
      communication_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      channel text NOT NULL CHECK (channel IN ('portal','email','sms','letter')),
      address text NOT NULL DEFAULT '',
      language text NOT NULL DEFAULT 'fi',
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued','sent','delivered','failed','read','cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      available_at timestamptz NOT NULL DEFAULT now(),
      claimed_at timestamptz,
      claimed_by text,
      last_error text,
      provider_ref text,
      sent_at timestamptz,
      delivered_at timestamptz,
      read_at timestamptz,
      UNIQUE (communication_id, user_id, channel),
      FOREIGN KEY (org_id, communication_id) REFERENCES communications(org_id, id)
    )`.execute(db)
  await sql`
    CREATE INDEX communication_deliveries_due ON communication_deliveries (channel, available_at, id)
    WHERE status = 'queued'`.execute(db)
  await sql`
    CREATE INDEX communication_deliveries_mine ON communication_deliveries (user_id, sent_at DESC)
    WHERE channel = 'portal'`.execute(db)
}
