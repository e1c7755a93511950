import { DateTime } from 'luxon'
import { BOOKING_TIME_ZONE, type OpeningHours, type Weekday } from './bookings.ts'

/**
 * Wall-clock rules (opening hours) meet real instants here, through luxon's IANA zone data, so
 * daylight-saving changes are handled by the library: a day in Helsinki has 23, 24 or 25 hours,
 * and a grid of cells is stepped in real minutes from the opening time resolved on that date.
 */
const zone = BOOKING_TIME_ZONE
const MINUTE = 60_000

export interface Span {
  readonly start: number
  readonly end: number
}

/** The local date (YYYY-MM-DD) in Helsinki of an instant. */
export function localDate(ms: number): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() as string
}

/** The instant of a Helsinki wall-clock time on a local date; "24:00" is the next midnight. */
export function instantAt(date: string, clock: string): number {
  const day = DateTime.fromISO(date, { zone }).startOf('day')
  if (clock === '24:00') return day.plus({ days: 1 }).toMillis()
  const [h, m] = clock.split(':').map(Number) as [number, number]
  return day.set({ hour: h, minute: m }).toMillis()
}

/**
 * The opening intervals that begin on one local date, as instants. A range whose closing time is
 * not after its opening time ("20:00"–"01:00") crosses midnight: it closes at that wall-clock time
 * on the next local date, resolved on that date (so a night over a DST change lasts 1 h more or
 * less in real time, as the clocks say).
 */
export function openingSpans(hours: OpeningHours, date: string): Span[] {
  const weekday = String(DateTime.fromISO(date, { zone }).weekday) as Weekday
  return (hours[weekday] ?? []).map(([from, to]) => ({
    start: instantAt(date, from),
    end: crossesMidnight(from, to) ? instantAt(addDays(date, 1), to) : instantAt(date, to),
  }))
}

/** Does an opening range run into the next day? ("24:00" ends on the same date, at its end.) */
export function crossesMidnight(from: string, to: string): boolean {
  return to !== '24:00' && to <= from
}

/**
 * The opening intervals that may contain an instant: those beginning on its local date and the
 * previous one (whose ranges may cross midnight into it).
 */
export function openingSpansAround(hours: OpeningHours, ms: number): Span[] {
  const date = localDate(ms)
  return [...openingSpans(hours, addDays(date, -1)), ...openingSpans(hours, date)]
}

/** Monday (local date) of the week containing `date` (or today). */
export function weekStart(date: string | undefined, now: number): string {
  const day = date ? DateTime.fromISO(date, { zone }) : DateTime.fromMillis(now, { zone })
  return day.startOf('week').toISODate() as string
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone }).plus({ days }).toISODate() as string
}

/** Grid cells of a span, stepped in real minutes from its start (a last partial cell is dropped). */
export function cells(span: Span, gridMinutes: number): Span[] {
  const out: Span[] = []
  const step = gridMinutes * MINUTE
  for (let t = span.start; t + step <= span.end; t += step) out.push({ start: t, end: t + step })
  return out
}

export const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end
export const minutesBetween = (a: number, b: number) => (b - a) / MINUTE
export const iso = (ms: number) => new Date(ms).toISOString()
