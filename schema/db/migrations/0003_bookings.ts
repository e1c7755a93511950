import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Bookings. The rules (opening hours, grid, lead time, quota...) are checked by the API inside
 * the booking transaction; the one invariant that must hold whatever the code does lives here:
 *
 *   no two confirmed bookings of one resource overlap, and no two confirmed bookings of resources
 *   that share a physical unit (two saunas on one heater) overlap.
 *
 * The first is an exclusion constraint on `bookings`. The second cannot be one on `bookings`
 * (a row has one resource_id, the link is a relation), so every confirmed booking *claims* each
 * shared unit its resource uses: one `booking_claims` row per (booking, unit), written by a
 * trigger on `bookings` (so no code path can forget it), with an exclusion constraint on
 * (unit_id, during). Linking a resource to a unit claims its upcoming bookings at once, so a
 * link that would create an overlap is refused by the same constraint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE booking_categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      position integer NOT NULL DEFAULT 0,
      UNIQUE (org_id, id)
    )`.execute(db)

  // Quota groups: "at most 2 active laundry bookings per apartment" spans both laundry rooms.
  await sql`
    CREATE TABLE booking_quota_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      max_active integer NOT NULL CHECK (max_active BETWEEN 1 AND 100),
      UNIQUE (org_id, id)
    )`.execute(db)

  // A bookable thing with its rules. Times of day are Europe/Helsinki wall-clock times;
  // opening_hours maps ISO weekday "1".."7" to [["07:00","22:00"], ...] (a missing day is closed).
  await sql`
    CREATE TABLE booking_resources (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      category_id uuid NOT NULL,
      building_id uuid,
      quota_group_id uuid,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      description text NOT NULL DEFAULT '',
      mode text NOT NULL CHECK (mode IN ('slots','free')),
      grid_minutes integer NOT NULL CHECK (grid_minutes BETWEEN 5 AND 1440),
      min_minutes integer NOT NULL CHECK (min_minutes >= grid_minutes),
      max_minutes integer NOT NULL CHECK (max_minutes >= min_minutes AND max_minutes <= 20160),
      opening_hours jsonb NOT NULL,
      lead_min_minutes integer NOT NULL DEFAULT 0 CHECK (lead_min_minutes >= 0),
      lead_max_days integer NOT NULL DEFAULT 30 CHECK (lead_max_days BETWEEN 1 AND 730),
      cancel_cutoff_minutes integer NOT NULL DEFAULT 0 CHECK (cancel_cutoff_minutes >= 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, category_id) REFERENCES booking_categories(org_id, id),
      FOREIGN KEY (org_id, building_id) REFERENCES buildings(org_id, id),
      FOREIGN KEY (org_id, quota_group_id) REFERENCES booking_quota_groups(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX booking_resources_org ON booking_resources (org_id, category_id)`.execute(db)

  await sql`
    CREATE TABLE booking_blackouts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      resource_id uuid NOT NULL,
      during tstzrange NOT NULL CHECK (NOT isempty(during)),
      reason text NOT NULL DEFAULT '',
      FOREIGN KEY (org_id, resource_id) REFERENCES booking_resources(org_id, id) ON DELETE CASCADE
    )`.execute(db)
  await sql`CREATE INDEX booking_blackouts_resource ON booking_blackouts USING gist (resource_id, during)`.execute(
    db,
  )

  // A physical thing several resources share (the heater of two saunas). Linking = sharing a unit.
  await sql`
    CREATE TABLE booking_units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      UNIQUE (org_id, id)
    )`.execute(db)
  await sql`
    CREATE TABLE booking_unit_resources (
      org_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      resource_id uuid NOT NULL,
      PRIMARY KEY (unit_id, resource_id),
      FOREIGN KEY (org_id, unit_id) REFERENCES booking_units(org_id, id) ON DELETE CASCADE,
      FOREIGN KEY (org_id, resource_id) REFERENCES booking_resources(org_id, id) ON DELETE CASCADE
    )`.execute(db)
  await sql`CREATE INDEX booking_unit_resources_resource ON booking_unit_resources (resource_id)`.execute(db)

  // Standing weekly shifts ("saunavuoro"): staff-managed; materialised as ordinary bookings.
  await sql`
    CREATE TABLE booking_standing_shifts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      resource_id uuid NOT NULL,
      apartment_id uuid NOT NULL,
      weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
      valid_from date NOT NULL,
      valid_until date,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      UNIQUE (org_id, id),
      CHECK (valid_until IS NULL OR valid_until >= valid_from),
      FOREIGN KEY (org_id, resource_id) REFERENCES booking_resources(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)

  await sql`
    CREATE TABLE bookings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      resource_id uuid NOT NULL,
      apartment_id uuid,
      booked_by uuid REFERENCES users(id),
      during tstzrange NOT NULL,
      status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed','cancelled')),
      standing_shift_id uuid,
      note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz,
      cancelled_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      -- half-open [start, end): back-to-back bookings touch without overlapping
      CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
             AND NOT lower_inf(during) AND NOT upper_inf(during)),
      CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
      FOREIGN KEY (org_id, resource_id) REFERENCES booking_resources(org_id, id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id),
      FOREIGN KEY (org_id, standing_shift_id) REFERENCES booking_standing_shifts(org_id, id),
      CONSTRAINT bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&)
        WHERE (status = 'confirmed')
    )`.execute(db)
  await sql`CREATE INDEX bookings_apartment ON bookings (apartment_id, status)`.execute(db)
  await sql`CREATE INDEX bookings_booked_by ON bookings (booked_by, status)`.execute(db)

  await sql`
    CREATE TABLE booking_claims (
      org_id uuid NOT NULL,
      booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      resource_id uuid NOT NULL,
      during tstzrange NOT NULL,
      PRIMARY KEY (booking_id, unit_id),
      FOREIGN KEY (unit_id, resource_id) REFERENCES booking_unit_resources(unit_id, resource_id) ON DELETE CASCADE,
      CONSTRAINT booking_claims_no_overlap EXCLUDE USING gist (unit_id WITH =, during WITH &&)
    )`.execute(db)

  // A confirmed booking claims every unit of its resource; cancelling releases the claims.
  await sql`
    CREATE FUNCTION booking_claims_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.resource_id <> OLD.resource_id THEN
          RAISE EXCEPTION 'a booking cannot move to another resource' USING ERRCODE = 'check_violation';
        END IF;
        DELETE FROM booking_claims WHERE booking_id = NEW.id;
      END IF;
      IF NEW.status = 'confirmed' THEN
        INSERT INTO booking_claims (org_id, booking_id, unit_id, resource_id, during)
          SELECT NEW.org_id, NEW.id, u.unit_id, NEW.resource_id, NEW.during
          FROM booking_unit_resources u WHERE u.resource_id = NEW.resource_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER bookings_claims_insert AFTER INSERT ON bookings
      FOR EACH ROW EXECUTE FUNCTION booking_claims_sync()`.execute(db)
  await sql`
    CREATE TRIGGER bookings_claims_update AFTER UPDATE OF status, during, resource_id ON bookings
      FOR EACH ROW EXECUTE FUNCTION booking_claims_sync()`.execute(db)

  // Linking a resource to a unit claims its upcoming confirmed bookings; an overlap refuses the link.
  await sql`
    CREATE FUNCTION booking_unit_link_claims() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO booking_claims (org_id, booking_id, unit_id, resource_id, during)
        SELECT b.org_id, b.id, NEW.unit_id, b.resource_id, b.during
        FROM bookings b
        WHERE b.resource_id = NEW.resource_id AND b.status = 'confirmed' AND upper(b.during) > now();
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER booking_unit_resources_claims AFTER INSERT ON booking_unit_resources
      FOR EACH ROW EXECUTE FUNCTION booking_unit_link_claims()`.execute(db)

  // ICS feed: a secret URL per user; only its hash is stored; revoking sets revoked_at.
  await sql`
    CREATE TABLE booking_feed_tokens (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX booking_feed_tokens_user ON booking_feed_tokens (user_id)`.execute(db)
}
