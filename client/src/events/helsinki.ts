import { DateTime } from 'luxon'
import { EVENT_TIME_ZONE } from '../../../schema/events/time.ts'

/**
 * A `datetime-local` value read as Helsinki wall-clock time (whatever the browser's zone), as an
 * instant: luxon applies the offset in force on that day, so an event in July is +03:00 and one
 * in January +02:00.
 */
export function helsinkiToIso(local: string): string | null {
  const d = DateTime.fromISO(local, { zone: EVENT_TIME_ZONE })
  return d.isValid ? d.toUTC().toISO() : null
}

/** The other way: an instant as the `datetime-local` value of Helsinki wall-clock time (editing). */
export function isoToHelsinki(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(EVENT_TIME_ZONE).toFormat("yyyy-LL-dd'T'HH:mm")
}
