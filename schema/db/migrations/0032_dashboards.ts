import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Dashboards, the cooperative information page and external links (issue 17).
 *
 * - `dashboard_layouts`: one user's widgets on their home for one organisation, so the layout
 *   follows them to every device. No row: the organisation's default for their role group.
 * - `dashboard_defaults`: the organisation's default layout per role group, set by its staff.
 *   No row: the built-in default (schema/dashboards/widgets.ts).
 * - `org_info`: the cooperative's contacts, office hours, emergency number and house rules.
 * - `org_links`: external links (the electricity company's portal, the waste guide), in order.
 * Widgets and contacts are jsonb validated by zod on the way in (schema/api/dashboards.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dashboard_layouts (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id),
      widgets jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, org_id)
    )`.execute(db)
  await sql`
    CREATE TABLE dashboard_defaults (
      org_id uuid NOT NULL REFERENCES organisations(id),
      role_group text NOT NULL,
      widgets jsonb NOT NULL,
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, role_group)
    )`.execute(db)
  await sql`
    CREATE TABLE org_info (
      org_id uuid PRIMARY KEY REFERENCES organisations(id),
      contacts jsonb NOT NULL DEFAULT '[]',
      office_hours text NOT NULL DEFAULT '' CHECK (length(office_hours) <= 1000),
      emergency_phone text NOT NULL DEFAULT '' CHECK (length(emergency_phone) <= 40),
      house_rules text NOT NULL DEFAULT '' CHECK (length(house_rules) <= 20000),
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`
    CREATE TABLE org_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
      icon text NOT NULL DEFAULT 'link',
      position integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX org_links_org ON org_links (org_id, position)`.execute(db)
}
