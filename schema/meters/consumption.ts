import { DateTime } from 'luxon'
import type { PriorReading } from './validate.ts'

/**
 * Consumption per calendar month from a meter's readings: each interval's consumption is spread
 * evenly over its days (readings rarely fall on the first of a month), so a month between two
 * readings gets its share. An interval that ends with a meter change is unknown and left out.
 * Returns month ('YYYY-MM') → consumption, rounded to 3 decimals like the readings (`exact`:
 * unrounded, for a caller that sums months and rounds the sum once, as report 10 does).
 */
export function monthlyConsumption(
  readings: readonly PriorReading[],
  opts: { exact?: boolean } = {},
): Map<string, number> {
  const sorted = [...readings].sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0))
  const months = new Map<string, number>()
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!
    const b = sorted[i]!
    if (b.meterChange) continue
    const start = DateTime.fromISO(a.readOn, { zone: 'UTC' })
    const end = DateTime.fromISO(b.readOn, { zone: 'UTC' })
    const days = end.diff(start, 'days').days
    if (days < 1) continue
    const perDay = (b.value - a.value) / days
    let cursor = start
    while (cursor < end) {
      const monthEnd = cursor.startOf('month').plus({ months: 1 })
      const stop = DateTime.min(monthEnd, end)
      const key = cursor.toFormat('yyyy-MM')
      months.set(key, (months.get(key) ?? 0) + perDay * stop.diff(cursor, 'days').days)
      cursor = stop
    }
  }
  if (!opts.exact) for (const [k, v] of months) months.set(k, Math.round(v * 1000) / 1000)
  return months
}

/** The twelve months ending with `lastMonth` ('YYYY-MM'), with the same months a year earlier. */
export function yearAgainstPrevious(
  months: ReadonlyMap<string, number>,
  lastMonth: string,
): { month: string; current: number | null; previous: number | null }[] {
  const last = DateTime.fromFormat(lastMonth, 'yyyy-MM', { zone: 'UTC' })
  const out: { month: string; current: number | null; previous: number | null }[] = []
  for (let i = 11; i >= 0; i--) {
    const m = last.minus({ months: i })
    const key = m.toFormat('yyyy-MM')
    const prev = m.minus({ years: 1 }).toFormat('yyyy-MM')
    out.push({ month: key, current: months.get(key) ?? null, previous: months.get(prev) ?? null })
  }
  return out
}
