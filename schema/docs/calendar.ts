import type * as Y from 'yjs'
import type { Interval } from '../bookings.ts'

/**
 * The live calendar of one bookable resource (`<orgId>/calendar/<resourceId>`). Every member who
 * may read bookings opens it, so it holds only what every one of them may see: which times are
 * taken. Whose booking it is (and its id) stays in the API (`GET /api/bookings/mine`, staff's
 * availability); a resident recognises their own bookings by matching those intervals.
 *
 *   taken: Y.Map<key, { start, end }>   key = `${start}/${end}` (ISO instants, UTC)
 *
 * Why this shape:
 * - Only the server writes it (server/calendar/publisher.ts), after each committed booking or
 *   cancel, by reconciling the map with the database: entries that should be there are set, the
 *   rest deleted. Re-running it is harmless, so a missed or reordered publish is repaired by the
 *   next one, and the database stays the only truth.
 * - The key is the interval itself, not the booking id: another apartment's booking id is
 *   nobody's business (the availability API hides it too), and confirmed bookings of one resource
 *   never overlap, so an interval names at most one booking.
 * - Bookings of linked resources (two saunas on one heater) are included: they block this one.
 * - Clients never write (the guard has no rules for calendars, so it refuses every update).
 */
export const CALENDAR_TAKEN = 'taken'

/** How far back ended bookings are still kept (the current day stays complete). */
export const CALENDAR_PAST_MS = 24 * 60 * 60 * 1000
/** An upper bound on entries, far above any real resource's future bookings. */
export const CALENDAR_MAX_ENTRIES = 5_000

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/

export function takenKey(interval: Interval): string {
  return `${interval.start}/${interval.end}`
}

export function takenMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CALENDAR_TAKEN)
}

function readInterval(value: unknown): Interval | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { start, end } = value as { start?: unknown; end?: unknown }
  if (typeof start !== 'string' || typeof end !== 'string') return undefined
  if (!ISO.test(start) || !ISO.test(end) || Date.parse(end) <= Date.parse(start)) return undefined
  return { start, end }
}

/** The taken intervals, earliest first; malformed entries are skipped. */
export function readTaken(map: Y.Map<unknown>): Interval[] {
  const out: Interval[] = []
  for (const value of map.values()) {
    const interval = readInterval(value)
    if (interval) out.push(interval)
  }
  return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
}

/**
 * Makes the map hold exactly `intervals` (server side). Touches only entries that change, so an
 * unchanged calendar produces an empty update. Returns how many entries were set and deleted.
 */
export function reconcileTaken(doc: Y.Doc, intervals: readonly Interval[]): { set: number; deleted: number } {
  const map = takenMap(doc)
  const wanted = new Map(intervals.map((i) => [takenKey(i), { start: i.start, end: i.end }]))
  let set = 0
  let deleted = 0
  for (const key of [...map.keys()]) {
    if (!wanted.has(key)) {
      map.delete(key)
      deleted++
    }
  }
  for (const [key, value] of wanted) {
    if (!map.has(key)) {
      map.set(key, value)
      set++
    }
  }
  return { set, deleted }
}

/** Whether any taken interval overlaps [start, end) (both as epoch milliseconds). */
export function isTaken(taken: readonly Interval[], start: number, end: number): boolean {
  return taken.some((t) => Date.parse(t.start) < end && start < Date.parse(t.end))
}
