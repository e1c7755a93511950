import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db)

  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('housing_cooperative','management_company','investor_portfolio','partner_company')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      business_id text UNIQUE,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')),
      managed_by uuid REFERENCES organisations(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  // An investor portfolio holds many properties (cooperatives).
  await sql`
    CREATE TABLE portfolio_holdings (
      org_id uuid NOT NULL REFERENCES organisations(id),
      cooperative_id uuid NOT NULL REFERENCES organisations(id),
      PRIMARY KEY (org_id, cooperative_id)
    )`.execute(db)

  await sql`
    CREATE TABLE buildings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      address text NOT NULL DEFAULT '',
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`
    CREATE TABLE staircases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      building_id uuid NOT NULL,
      name text NOT NULL,
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id)
    )`.execute(db)
  await sql`
    CREATE TABLE apartments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      building_id uuid NOT NULL,
      staircase_id uuid,
      number text NOT NULL,
      area_m2 numeric(8,1) NOT NULL CHECK (area_m2 > 0),
      share_count integer NOT NULL CHECK (share_count > 0),
      UNIQUE (org_id, id),
      UNIQUE (building_id, number),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, staircase_id) REFERENCES staircases(org_id, id)
    )`.execute(db)

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL,
      phone text,
      language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','sv','en')),
      password_hash text,
      platform_admin boolean NOT NULL DEFAULT false,
      totp_key bytea,
      totp_pending_key bytea,
      notification_prefs jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db)

  // Tenant-owned: org_id first. Scope references carry org_id so a scope cannot point into another org.
  await sql`
    CREATE TABLE memberships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      role text NOT NULL,
      building_id uuid,
      apartment_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`
    CREATE UNIQUE INDEX memberships_unique ON memberships
      (org_id, user_id, role, coalesce(building_id, '00000000-0000-0000-0000-000000000000'), coalesce(apartment_id, '00000000-0000-0000-0000-000000000000'))
  `.execute(db)
  await sql`CREATE INDEX memberships_user ON memberships (user_id)`.execute(db)

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      secret_hash bytea NOT NULL,
      mfa_verified boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      user_agent text NOT NULL DEFAULT ''
    )`.execute(db)
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db)

  // Failed logins, keyed by account and by client address; shared by every process.
  await sql`
    CREATE TABLE login_failures (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX login_failures_key_at ON login_failures (key, at)`.execute(db)

  await sql`
    CREATE TABLE recovery_codes (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      code_hash bytea NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    )`.execute(db)

  await sql`
    CREATE TABLE password_resets (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db)

  await sql`
    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      email text NOT NULL,
      role text NOT NULL,
      building_id uuid,
      apartment_id uuid,
      token_hash bytea NOT NULL UNIQUE,
      invited_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      revoked_at timestamptz,
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX invitations_org ON invitations (org_id)`.execute(db)

  await sql`
    CREATE TABLE registrations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_name text NOT NULL,
      business_id text NOT NULL,
      contact_name text NOT NULL,
      email text NOT NULL,
      phone text,
      products text[] NOT NULL DEFAULT '{}',
      user_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','blocked')),
      reason text,
      org_id uuid REFERENCES organisations(id),
      reviewed_by uuid REFERENCES users(id),
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  // A business ID can be registered once; a rejected one may try again, a blocked one may not.
  await sql`
    CREATE UNIQUE INDEX registrations_business_id ON registrations (business_id)
      WHERE status IN ('pending','approved','blocked')`.execute(db)

  // Append-only: the database itself refuses to change history.
  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid REFERENCES organisations(id),
      actor_id uuid REFERENCES users(id),
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX audit_log_org_at ON audit_log (org_id, at DESC)`.execute(db)
  await sql`
    CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db)
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`.execute(db)

  // Outgoing email: written in the transaction of what caused it, sent (or shown in the dev mailbox) after.
  await sql`
    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      kind text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`.execute(db)
  await sql`CREATE INDEX mail_outbox_unsent ON mail_outbox (created_at) WHERE sent_at IS NULL`.execute(db)
}
