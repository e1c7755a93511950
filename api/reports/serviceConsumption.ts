import { sql } from 'kysely'
import { monthlyConsumption } from '../../schema/meters/consumption.ts'
import type { PriorReading } from '../../schema/meters/validate.ts'
import type { ChartSpec, Row } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Report 10's consumption half: each meter's consumption per month (the meter pages' month split,
 * schema/meters/consumption.ts), summed per building and per apartment against the previous year.
 *
 * Whole months are each meter's own. A meter's month counts only when its readings cover it whole
 * (it ends before the month of that meter's latest reading), and it is compared with the same month
 * of the previous year of that same meter. One meter read later than the others — in the demo a
 * December reading waiting for review — must not make the others' partial months count: their
 * November would hold half a month against a whole one a year earlier and show a false drop.
 */
export interface MeterMonths {
  kind: string
  unit: string
  building: string
  apartment: string | null
  /** Month (YYYY-MM) → consumption, unrounded. */
  months: Map<string, number>
  /** The latest reading that counts (YYYY-MM-DD), or null without readings. */
  lastRead: string | null
}

const round3 = (v: number) => Math.round(v * 1000) / 1000

/** The months of `months` (the year's, through this month) that this meter's readings cover whole. */
export function wholeMonths(meter: Pick<MeterMonths, 'lastRead'>, months: readonly string[]): string[] {
  // A reading on the 1st closes the month before it; the month of the reading itself is partial.
  const upTo = meter.lastRead?.slice(0, 7) ?? ''
  return months.filter((m) => m < upTo)
}

const previousOf = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`

/** Rows per building and per apartment: kind, unit, this year, the previous year, change %. */
export function consumptionRows(meters: readonly MeterMonths[], months: readonly string[]) {
  const perBuilding = new Map<string, Row>()
  const perApartment = new Map<string, Row>()
  const add = (map: Map<string, Row>, key: string, base: Row, current: number, previous: number) => {
    const row = map.get(key) ?? { ...base, current: 0, previous: 0 }
    row.current = Number(row.current) + current
    row.previous = Number(row.previous) + previous
    map.set(key, row)
  }
  for (const m of meters) {
    let current = 0
    let previous = 0
    for (const month of wholeMonths(m, months)) {
      current += m.months.get(month) ?? 0
      previous += m.months.get(previousOf(month)) ?? 0
    }
    const base = { meterKind: m.kind, unit: m.unit }
    add(
      perBuilding,
      `${m.building}|${m.kind}|${m.unit}`,
      { building: m.building, ...base },
      current,
      previous,
    )
    if (m.apartment !== null) {
      add(
        perApartment,
        `${m.building}|${m.apartment}|${m.kind}|${m.unit}`,
        { building: m.building, apartment: m.apartment, ...base },
        current,
        previous,
      )
    }
  }
  const withChange = (rows: Row[]) =>
    rows.map((r) => {
      // Summed unrounded, rounded once (as the meter pages round a month).
      const current = round3(Number(r.current))
      const previous = round3(Number(r.previous))
      return {
        ...r,
        current,
        previous,
        change: previous > 0 ? Math.round(((current - previous) / previous) * 1000) / 10 : null,
      }
    })
  const byPlace = (a: Row, b: Row) =>
    String(a.building).localeCompare(String(b.building), 'fi') ||
    String(a.apartment ?? '').localeCompare(String(b.apartment ?? ''), 'fi', { numeric: true }) ||
    String(a.meterKind).localeCompare(String(b.meterKind))
  return {
    buildings: withChange([...perBuilding.values()].sort(byPlace)),
    apartments: withChange([...perApartment.values()].sort(byPlace)),
  }
}

/**
 * The chart with readings: consumption per month against the same month a year earlier, for the
 * meter kind with the most read meters (one unit: a chart does not add m³ to kWh). It runs through
 * the last month that every meter of that kind read in the year covers whole, so its last point is
 * not a month only some meters have reached; each point sums the meters that cover it, this year
 * and the previous alike.
 */
export function consumptionChart(
  meters: readonly MeterMonths[],
  months: readonly string[],
  year: number,
): ChartSpec | null {
  const count = new Map<string, number>()
  for (const m of meters) {
    if (m.months.size > 0) count.set(`${m.kind}|${m.unit}`, (count.get(`${m.kind}|${m.unit}`) ?? 0) + 1)
  }
  const top = [...count].sort((a, b) => b[1] - a[1])[0]?.[0]
  if (!top) return null
  const [kind] = top.split('|') as [string]
  const chosen = meters.filter((m) => `${m.kind}|${m.unit}` === top)
  const readInYear = chosen.filter((m) => m.lastRead !== null && m.lastRead >= `${year}-01-01`)
  const covered = chosen.map((m) => new Set(wholeMonths(m, months)))
  const shown = months.filter(
    (month) => readInYear.length > 0 && readInYear.every((m) => month < String(m.lastRead).slice(0, 7)),
  )
  const sum = (month: string, shift: (m: string) => string) =>
    round3(
      chosen.reduce((s, m, i) => s + (covered[i]!.has(month) ? (m.months.get(shift(month)) ?? 0) : 0), 0),
    )
  return {
    mark: 'line',
    unit: 'count',
    series: [`now_${kind}`, `prev_${kind}`],
    data: shown.flatMap((month) => [
      { x: month, series: `now_${kind}`, value: sum(month, (m) => m) },
      { x: month, series: `prev_${kind}`, value: sum(month, previousOf) },
    ]),
  }
}

/**
 * Each meter of these buildings with its consumption per month. Readings are read from two years
 * before the year (an interval that starts before the previous year still gives it its share)
 * through the first quarter after it; an interval longer than that is left out. Rejected readings
 * do not count; one waiting for review does, as on the meter pages.
 */
export async function consumptionByMeter(
  db: DB,
  orgId: string,
  buildings: { id: string; name: string }[],
  year: number,
): Promise<MeterMonths[]> {
  const ids = buildings.map((b) => b.id)
  const meters = await db
    .selectFrom('meters as m')
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.id', '=', 'm.building_id').onRef('b.org_id', '=', 'm.org_id'),
    )
    .leftJoin('apartments as a', (j) =>
      j.onRef('a.id', '=', 'm.apartment_id').onRef('a.org_id', '=', 'm.org_id'),
    )
    .select(['m.id', 'm.kind', 'm.unit', 'b.name as building', 'a.number as apartment'])
    .where('m.org_id', '=', orgId)
    .where('m.building_id', 'in', ids)
    .execute()
  if (meters.length === 0) return []
  const readings = await db
    .selectFrom('meter_readings')
    .select(['meter_id', 'value', sql<string>`to_char(read_on, 'YYYY-MM-DD')`.as('read_on'), 'meter_change'])
    .where('org_id', '=', orgId)
    .where(
      'meter_id',
      'in',
      meters.map((m) => m.id),
    )
    .where('status', '!=', 'rejected')
    .where('read_on', '>=', `${year - 2}-01-01`)
    .where('read_on', '<', `${year + 1}-04-01`)
    .orderBy('meter_id')
    .orderBy('read_on')
    .orderBy('created_at')
    .execute()
  const byMeter = new Map<string, PriorReading[]>()
  for (const r of readings) {
    const list = byMeter.get(r.meter_id) ?? []
    list.push({ value: Number(r.value), readOn: r.read_on, meterChange: r.meter_change })
    byMeter.set(r.meter_id, list)
  }
  return meters.map((m) => ({
    kind: m.kind,
    unit: m.unit,
    building: m.building,
    apartment: m.apartment ?? null,
    months: monthlyConsumption(byMeter.get(m.id) ?? [], { exact: true }),
    lastRead: byMeter.get(m.id)?.at(-1)?.readOn ?? null,
  }))
}
