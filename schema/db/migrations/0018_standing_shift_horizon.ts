import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Standing shifts roll forward. A shift used to be materialised once, `weeks` ahead, and then
 * silently ended when those weeks ran out. Now each shift keeps its horizon (`weeks_ahead`) and
 * how far it has been materialised (`materialised_until`, the local date of the last week
 * considered); a job books each new week as the horizon moves (api/bookings/standingShifts.ts).
 * Existing shifts: 26 weeks (the default they were made with), materialised up to their latest
 * booking, or through their first 26 weeks when every week collided.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE booking_standing_shifts
      ADD COLUMN weeks_ahead integer NOT NULL DEFAULT 26 CHECK (weeks_ahead BETWEEN 1 AND 104),
      ADD COLUMN materialised_until date`.execute(db)
  await sql`
    UPDATE booking_standing_shifts s SET materialised_until = COALESCE(
      (SELECT max((lower(b.during) AT TIME ZONE 'Europe/Helsinki')::date)
         FROM bookings b WHERE b.standing_shift_id = s.id),
      s.valid_from + 25 * 7)`.execute(db)
  await sql`ALTER TABLE booking_standing_shifts ALTER COLUMN materialised_until SET NOT NULL`.execute(db)
}
