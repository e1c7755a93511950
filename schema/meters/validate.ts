import { DateTime } from 'luxon'
import type { FlagReason, RefusalReason } from './kinds.ts'

/**
 * How a new reading is judged against the meter's history (issue 17). Pure, so the API, the
 * import and the tests share it:
 * - a date after today (in Finland) is refused;
 * - a value lower than the latest reading on or before its date is refused, unless the reading
 *   is marked as a meter change (a new meter starts from its own value);
 * - the plausible range comes from the meter's own history: the daily consumption of each earlier
 *   interval since the last meter change; with at least MIN_INTERVALS of them, a reading whose
 *   daily consumption is above HIGH_FACTOR × their median, or below their median / LOW_DIVISOR,
 *   is kept but flagged for review (never silently accepted, never refused: a real leak looks
 *   exactly like this).
 */
export const MIN_INTERVALS = 2
export const HIGH_FACTOR = 3
export const LOW_DIVISOR = 4
export const ZONE = 'Europe/Helsinki'

export interface PriorReading {
  value: number
  readOn: string
  meterChange: boolean
}

export interface NewReading {
  value: number
  readOn: string
  meterChange: boolean
}

export type Judgement =
  | { ok: false; reason: RefusalReason; previous?: PriorReading }
  | { ok: true; status: 'accepted' | 'flagged'; flagReason: FlagReason | null; expectedPerDay: number | null }

export function todayInFinland(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(ZONE).toISODate()!
}

export function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days
}

/** `history`: the meter's readings that are not rejected, in any order. */
export function judgeReading(
  reading: NewReading,
  history: readonly PriorReading[],
  today: string,
): Judgement {
  if (reading.readOn > today) return { ok: false, reason: 'future_date' }
  const sorted = [...history].sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0))
  const before = sorted.filter((r) => r.readOn <= reading.readOn)
  const previous = before.at(-1)
  if (!previous || reading.meterChange) {
    return { ok: true, status: 'accepted', flagReason: null, expectedPerDay: null }
  }
  if (reading.value < previous.value) return { ok: false, reason: 'below_previous', previous }

  const expected = medianDailyUse(before)
  const days = daysBetween(previous.readOn, reading.readOn)
  if (expected === null || days < 1) {
    return { ok: true, status: 'accepted', flagReason: null, expectedPerDay: expected }
  }
  const perDay = (reading.value - previous.value) / days
  const flagReason: FlagReason | null =
    perDay > expected * HIGH_FACTOR
      ? 'high_consumption'
      : expected > 0 && perDay < expected / LOW_DIVISOR
        ? 'low_consumption'
        : null
  return { ok: true, status: flagReason ? 'flagged' : 'accepted', flagReason, expectedPerDay: expected }
}

/** Median daily use over the intervals since the last meter change; null with too few. */
export function medianDailyUse(sortedReadings: readonly PriorReading[]): number | null {
  let start = 0
  sortedReadings.forEach((r, i) => {
    if (r.meterChange) start = i
  })
  const rates: number[] = []
  for (let i = start + 1; i < sortedReadings.length; i++) {
    const a = sortedReadings[i - 1]!
    const b = sortedReadings[i]!
    const days = daysBetween(a.readOn, b.readOn)
    if (days >= 1) rates.push((b.value - a.value) / days)
  }
  if (rates.length < MIN_INTERVALS) return null
  rates.sort((x, y) => x - y)
  const mid = Math.floor(rates.length / 2)
  return rates.length % 2 ? rates[mid]! : (rates[mid - 1]! + rates[mid]!) / 2
}
