import type { AvailabilityCell, Interval } from '../../schema/bookings.ts'
import {
  blackoutsIn,
  type Occupied,
  occupiedAround,
  type ResourceView,
} from '../../server/bookings/repository.ts'
import {
  addDays,
  cells,
  iso,
  localDate,
  openingSpans,
  overlaps,
  type Span,
  weekStart,
} from '../../server/bookings/time.ts'
import type { DB } from '../../server/db/connect.ts'

export interface Viewer {
  readonly userId: string
  readonly apartmentIds: readonly string[]
  /** Staff see who booked; everyone else sees "taken", and details of their own bookings only. */
  readonly staff: boolean
}

export interface DayAvailability {
  readonly date: string
  readonly open: Interval[]
  readonly cells: AvailabilityCell[]
}

const DAY = 86_400_000

/**
 * The grid cells of seven days (Helsinki) with what occupies each: the Monday-to-Sunday week of
 * `week`, or the seven days from `from` (`days` of them when given: the day and month views).
 * `week` in the answer is the first day shown.
 */
export async function weekAvailability(
  db: DB,
  resource: ResourceView,
  opts: {
    week?: string | undefined
    from?: string | undefined
    days?: number | undefined
    now: number
    viewer: Viewer
  },
): Promise<{ week: string; days: DayAvailability[] }> {
  const week = opts.from ?? weekStart(opts.week, opts.now)
  const { dates, spans } = daysOf(resource.openingHours, week, opts.days ?? 7)
  const all = spans.flat()
  const window: Span = all.length
    ? { start: Math.min(...all.map((s) => s.start)), end: Math.max(...all.map((s) => s.end)) }
    : { start: opts.now, end: opts.now + 1 }
  const [taken, blackouts] = await Promise.all([
    occupiedAround(db, resource.id, window),
    blackoutsIn(db, resource.id, window),
  ])
  const days = dates.map((date, i) => ({
    date,
    open: (spans[i] ?? []).map((s) => ({ start: iso(s.start), end: iso(s.end) })),
    cells: (spans[i] ?? [])
      .flatMap((s) => cells(s, resource.gridMinutes))
      .map((cell) => describeCell(resource, cell, taken, blackouts, opts)),
  }))
  return { week, days }
}

/**
 * The dates shown and their opening spans. Resolving wall-clock times to instants through luxon's
 * zone data was a sixth of a week request's CPU (issue 19); the answer depends only on the opening
 * hours and the dates, so it is kept for the last few hundred of them (opening hours are a small
 * JSON value: its text is the key, so a changed schedule is simply another key).
 */
const spanCache = new Map<string, { dates: string[]; spans: Span[][] }>()
const SPAN_CACHE_SIZE = 500

function daysOf(hours: ResourceView['openingHours'], first: string, count: number) {
  const key = `${first}|${count}|${JSON.stringify(hours)}`
  const known = spanCache.get(key)
  if (known) return known
  const dates = Array.from({ length: count }, (_, i) => addDays(first, i))
  const found = { dates, spans: dates.map((date) => openingSpans(hours, date)) }
  if (spanCache.size >= SPAN_CACHE_SIZE) spanCache.clear()
  spanCache.set(key, found)
  return found
}

function describeCell(
  resource: ResourceView,
  cell: Span,
  taken: readonly Occupied[],
  blackouts: readonly Span[],
  opts: { now: number; viewer: Viewer },
): AvailabilityCell {
  const base = { start: iso(cell.start), end: iso(cell.end) }
  const booking = taken.find((b) => overlaps(b, cell))
  if (booking) {
    const { viewer } = opts
    const mine =
      booking.bookedBy === viewer.userId ||
      (booking.apartmentId !== null && viewer.apartmentIds.includes(booking.apartmentId))
    const linked = booking.resourceId !== resource.id
    return {
      ...base,
      status: 'taken',
      booking: {
        // Another apartment's booking id is nobody else's business; the linked flag is harmless.
        id: mine || viewer.staff ? booking.id : null,
        mine,
        ...(linked ? { linked } : {}),
        ...(viewer.staff ? { apartment: booking.apartmentNumber, bookedBy: booking.bookedByName } : {}),
      },
    }
  }
  if (blackouts.some((b) => overlaps(b, cell))) return { ...base, status: 'blackout' }
  if (cell.start < opts.now) return { ...base, status: 'past' }
  return { ...base, status: 'free' }
}

/**
 * The free times nearest to a refused one: same length, same rules, within three days either
 * side, closest first. Offered with a 409 so the person can pick one in one tap.
 */
export async function nearestFree(
  db: DB,
  resource: ResourceView,
  want: Span,
  now: number,
  count = 3,
): Promise<Interval[]> {
  const length = want.end - want.start
  const center = localDate(want.start)
  const dates = Array.from({ length: 7 }, (_, i) => addDays(center, i - 3))
  const window: Span = { start: want.start - 4 * DAY, end: want.end + 4 * DAY }
  const [taken, blackouts] = await Promise.all([
    occupiedAround(db, resource.id, window),
    blackoutsIn(db, resource.id, window),
  ])
  const earliest = now + resource.leadMinMinutes * 60_000
  const latest = now + resource.leadMaxDays * DAY
  const candidates: Span[] = []
  for (const date of dates) {
    for (const open of openingSpans(resource.openingHours, date)) {
      // Cells start on the grid inside the opening hours; the length already passed the rules.
      for (const cell of cells(open, resource.gridMinutes)) {
        const span = { start: cell.start, end: cell.start + length }
        if (span.end > open.end || span.start < earliest || span.start > latest) continue
        if (blackouts.some((b) => overlaps(b, span)) || taken.some((b) => overlaps(b, span))) continue
        candidates.push(span)
      }
    }
  }
  return candidates
    .sort((a, b) => Math.abs(a.start - want.start) - Math.abs(b.start - want.start) || a.start - b.start)
    .slice(0, count)
    .map((s) => ({ start: iso(s.start), end: iso(s.end) }))
}
