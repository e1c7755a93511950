import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Search for bookings. As for cases and cards (0013), the outbox rows come from triggers in the
 * same transaction as the change, so booking, cancelling, standing shifts and staff edits cannot
 * forget them:
 * - `booking.search` (entity: the booking) for every booking inserted, changed or deleted;
 * - `booking.apartment` (entity: the apartment) when someone joins or leaves an apartment, since
 *   the people of the apartment are a booking's audience by name;
 * - `booking.resource` (entity: the resource) when a resource is renamed (the record's title).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION outbox_booking_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      INSERT INTO outbox (org_id, topic, entity_id) VALUES (r.org_id, 'booking.search', r.id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER bookings_search AFTER INSERT OR DELETE OR UPDATE OF status, during, apartment_id,
      booked_by, resource_id, note ON bookings
    FOR EACH ROW EXECUTE FUNCTION outbox_booking_search()`.execute(db)

  await sql`
    CREATE FUNCTION outbox_booking_apartment_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.apartment_id IS NOT NULL THEN
        INSERT INTO outbox (org_id, topic, entity_id)
          VALUES (OLD.org_id, 'booking.apartment', OLD.apartment_id::text);
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.apartment_id IS NOT NULL
         AND (TG_OP = 'INSERT' OR NEW.apartment_id IS DISTINCT FROM OLD.apartment_id
              OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        INSERT INTO outbox (org_id, topic, entity_id)
          VALUES (NEW.org_id, 'booking.apartment', NEW.apartment_id::text);
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER memberships_booking_search AFTER INSERT OR DELETE OR UPDATE OF apartment_id, user_id
      ON memberships
    FOR EACH ROW EXECUTE FUNCTION outbox_booking_apartment_search()`.execute(db)

  await sql`
    CREATE FUNCTION outbox_booking_resource_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO outbox (org_id, topic, entity_id) VALUES (NEW.org_id, 'booking.resource', NEW.id::text);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER booking_resources_search AFTER UPDATE OF name ON booking_resources
    FOR EACH ROW EXECUTE FUNCTION outbox_booking_resource_search()`.execute(db)
}
