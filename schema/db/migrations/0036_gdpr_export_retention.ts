import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 18, the rest of data protection:
 * - `gdpr_exports`: a person's export, prepared in the background (an outbox row, topic
 *   `gdpr.export`), with its progress, the zip's file name under FILES_DIR/exports and the SHA-256
 *   of the link's secret (the link itself is mailed once and never stored), valid 24 hours.
 * - `retention_settings`: per organisation, how many days closed cases, chat history and meter
 *   readings are kept (null: kept). The daily job applies them; a dry run reports what it would do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE gdpr_exports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','ready','failed')),
      progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      token_hash bytea,
      file_name text,
      size bigint,
      error text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      ready_at timestamptz,
      expires_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX gdpr_exports_user ON gdpr_exports (user_id, requested_at DESC)`.execute(db)
  await sql`
    CREATE TABLE retention_settings (
      org_id uuid PRIMARY KEY REFERENCES organisations(id),
      closed_cases_days integer CHECK (closed_cases_days BETWEEN 30 AND 36500),
      chat_days integer CHECK (chat_days BETWEEN 30 AND 36500),
      readings_days integer CHECK (readings_days BETWEEN 365 AND 36500),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
}
