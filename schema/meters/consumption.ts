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
    // Plain UTC day arithmetic, not luxon: report 10 splits every reading of a cooperative's
    // meters at once, and luxon objects made that take seconds (bench:reports).
    const start = dayNumber(a.readOn)
    const end = dayNumber(b.readOn)
    const days = end - start
    if (days < 1) continue
    const perDay = (b.value - a.value) / days
    let [y, m] = a.readOn.split('-').map(Number) as [number, number]
    let cursor = start
    while (cursor < end) {
      const next = Date.UTC(y, m, 1) / DAY
      const stop = Math.min(next, end)
      const key = `${y}-${String(m).padStart(2, '0')}`
      months.set(key, (months.get(key) ?? 0) + perDay * (stop - cursor))
      cursor = stop
      m++
      if (m > 12) {
        m = 1
        y++
      }
    }
  }
  if (!opts.exact) for (const [k, v] of months) months.set(k, Math.round(v * 1000) / 1000)
  return months
}

const DAY = 86_400_000
const dayNumber = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / DAY
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
