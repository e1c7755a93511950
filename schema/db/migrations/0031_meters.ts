import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Meters and their readings (issue 17). A meter belongs to a building and, for apartment meters,
 * to one apartment (composite keys with org_id, so it can never point into another cooperative).
 * A reading keeps how it was judged: `accepted`, or `flagged` for review when its consumption is
 * outside the meter's own history (schema/meters/validate.ts); staff settle a flag with
 * `accepted` or `rejected`. A reading round asks a building for readings between two dates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      building_id uuid NOT NULL,
      apartment_id uuid,
      kind text NOT NULL CHECK (kind IN ('electricity','cold_water','hot_water','heat','other')),
      serial text NOT NULL CHECK (length(serial) BETWEEN 1 AND 60),
      unit text NOT NULL CHECK (unit IN ('kWh','MWh','m3','l')),
      location text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
      external_id text,
      retired_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`CREATE UNIQUE INDEX meters_external ON meters (org_id, external_id)`.execute(db)
  await sql`CREATE UNIQUE INDEX meters_serial ON meters (org_id, kind, serial) WHERE retired_at IS NULL`.execute(
    db,
  )
  await sql`CREATE INDEX meters_apartment ON meters (org_id, apartment_id)`.execute(db)
  await sql`CREATE INDEX meters_building ON meters (org_id, building_id)`.execute(db)

  await sql`
    CREATE TABLE meter_readings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      meter_id uuid NOT NULL,
      value numeric(14,3) NOT NULL CHECK (value >= 0),
      read_on date NOT NULL,
      meter_change boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('accepted','flagged','rejected')),
      flag_reason text CHECK (flag_reason IN ('high_consumption','low_consumption')),
      source text NOT NULL CHECK (source IN ('resident','staff','import')),
      submitted_by uuid REFERENCES users(id),
      photo_file_id uuid,
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
      external_id text,
      reviewed_by uuid REFERENCES users(id),
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, meter_id) REFERENCES meters(org_id, id),
      FOREIGN KEY (org_id, photo_file_id) REFERENCES files(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX meter_readings_meter ON meter_readings (org_id, meter_id, read_on DESC, created_at DESC)`.execute(
    db,
  )
  await sql`CREATE UNIQUE INDEX meter_readings_external ON meter_readings (org_id, external_id)`.execute(db)
  await sql`CREATE INDEX meter_readings_flagged ON meter_readings (org_id, created_at) WHERE status = 'flagged'`.execute(
    db,
  )

  await sql`
    CREATE TABLE reading_rounds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      building_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      kind text CHECK (kind IN ('electricity','cold_water','hot_water','heat','other')),
      opens_on date NOT NULL,
      due_on date NOT NULL CHECK (due_on >= opens_on),
      created_by uuid REFERENCES users(id),
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX reading_rounds_building ON reading_rounds (org_id, building_id, due_on DESC)`.execute(
    db,
  )
}
