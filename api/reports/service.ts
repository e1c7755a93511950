import { sql } from 'kysely'
import { notFound } from '../../schema/errors.ts'
import { monthlyConsumption } from '../../schema/meters/consumption.ts'
import type { PriorReading } from '../../schema/meters/validate.ts'
import { type ChartSpec, monthsBetween, type Row, sumColumns } from '../../schema/reports/common.ts'
import {
  CONSUMPTION_APARTMENT_COLUMNS,
  CONSUMPTION_BUILDING_COLUMNS,
  SERVICE_TASK_COLUMNS,
  SERVICE_VISIT_COLUMNS,
  ServiceParams,
} from '../../schema/reports/service.ts'
import type { DB } from '../../server/db/connect.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 10, service and consumption (maintenance staff, manager, board of a cooperative):
 * - service visits: cases done (their first move to resolved or closed, from the status history)
 *   per building and month of the year; a case that names no building counts for the
 *   cooperative as a whole (its name in the building column);
 * - board tasks done (progress 100) per month — tasks carry no place, so only a reader of the
 *   whole cooperative with no building filter sees them;
 * - meter consumption per building and per apartment, summed per meter kind and unit, over the
 *   months of the year through this month (December for a past year) that the readings cover whole
 *   (up to the month before the latest reading's), against the same months of the previous year. Months come from the meters' readings as the meter pages compute them
 *   (schema/meters/consumption.ts: each interval spread evenly over its days); a building's
 *   figure sums all its meters of a kind, as GET /api/meters/:orgId/consumption does.
 * With no readings the consumption sections are empty and say so (`empty: 'noReadings'`).
 * Maintenance staff whose memberships name buildings read those buildings only.
 */
export const serviceReport: ReportModule<ServiceParams> = {
  params: ServiceParams,
  async run(ctx) {
    const { db, access, params } = ctx
    const orgId = access.org.id
    const year = params.year ?? Number(ctx.today.slice(0, 4))
    const lastMonth = year === Number(ctx.today.slice(0, 4)) ? Number(ctx.today.slice(5, 7)) : 12
    const months = monthsBetween(`${year}-01`, `${year}-${String(lastMonth).padStart(2, '0')}`)
    const buildings = await readableBuildings(db, orgId, access.buildings, params.buildingId)
    const wholeCoop = access.buildings === null && !params.buildingId
    const ids = sql.join(buildings.map((b) => sql`${b.id}::uuid`))
    const from = `${year}-01-01`
    const to = `${year + 1}-01-01`
    const none = buildings.length === 0
    const [visits, tasks, meters] = await Promise.all([
      none
        ? { rows: [] }
        : sql<{ building_id: string | null; month: string; n: string | number }>`
        WITH done AS (
          SELECT h.case_id, min(h.changed_at) AS at FROM case_status_history h
          WHERE h.org_id = ${orgId} AND h.status IN ('resolved', 'closed') AND h.changed_at >= ${from}::date
          GROUP BY h.case_id)
        SELECT c.building_id, to_char(d.at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, count(*) AS n
        FROM done d JOIN cases c ON c.org_id = ${orgId} AND c.id = d.case_id
        WHERE d.at < ${to}::date
          AND ${wholeCoop ? sql`(c.building_id IS NULL OR c.building_id IN (${ids}))` : sql`c.building_id IN (${ids})`}
        GROUP BY c.building_id, month`.execute(db),
      wholeCoop
        ? sql<{ month: string; n: string | number }>`
        SELECT to_char(updated_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, count(*) AS n
        FROM tasks WHERE org_id = ${orgId} AND progress >= 100 AND NOT archived
          AND updated_at >= ${from}::date AND updated_at < ${to}::date
        GROUP BY month`.execute(db)
        : null,
      none ? [] : consumptionByMeter(db, orgId, buildings, year),
    ])

    const nameOf = new Map(buildings.map((b) => [b.id, b.name]))
    const visitRows: Row[] = visits.rows
      .map((r) => ({ id: r.building_id, month: r.month, visits: num(r.n) }))
      // The buildings by name, then the cooperative-wide visits.
      .sort(
        (a, b) =>
          Number(a.id === null) - Number(b.id === null) ||
          (nameOf.get(a.id ?? '') ?? '').localeCompare(nameOf.get(b.id ?? '') ?? '', 'fi') ||
          a.month.localeCompare(b.month),
      )
      .map((r) => ({
        building: r.id ? (nameOf.get(r.id) ?? '') : access.name,
        month: r.month,
        visits: r.visits,
      }))
    const taskRows: Row[] | null = tasks
      ? tasks.rows
          .map((r) => ({ month: r.month, tasksDone: num(r.n) }))
          .sort((a, b) => (a.month < b.month ? -1 : 1))
      : null

    const read = readMonths(meters, months)
    const inYear = new Set(read)
    const inPrevious = new Set(read.map((m) => `${year - 1}${m.slice(4)}`))
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
      for (const [month, v] of m.months) {
        if (inYear.has(month)) current += v
        else if (inPrevious.has(month)) previous += v
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
    const buildingRows = withChange([...perBuilding.values()].sort(byPlace))
    const apartmentRows = withChange([...perApartment.values()].sort(byPlace))
    const noReadings = meters.every((m) => m.months.size === 0)

    const chartData = months.flatMap((month) => [
      {
        x: month,
        series: 'visits',
        value: visitRows.filter((r) => r.month === month).reduce((s, r) => s + Number(r.visits), 0),
      },
      ...(taskRows
        ? [{ x: month, series: 'tasks', value: taskRows.find((r) => r.month === month)?.tasksDone ?? 0 }]
        : []),
    ]) as ChartSpec['data']
    const serviceChart: ChartSpec | null = chartData.some((d) => d.value > 0)
      ? {
          mark: 'stackedBarY',
          unit: 'count',
          series: taskRows ? ['visits', 'tasks'] : ['visits'],
          data: chartData,
        }
      : null
    const chart = noReadings ? serviceChart : consumptionChart(meters, read, year)

    return {
      filters: { year, ...(params.buildingId ? { buildingId: params.buildingId } : {}) },
      sections: [
        {
          id: 'serviceVisits',
          columns: SERVICE_VISIT_COLUMNS,
          rows: visitRows,
          totals: sumColumns(visitRows, ['visits']),
        },
        ...(taskRows
          ? [
              {
                id: 'serviceTasks',
                columns: SERVICE_TASK_COLUMNS,
                rows: taskRows,
                totals: sumColumns(taskRows, ['tasksDone']),
              },
            ]
          : []),
        // No totals row: consumption of different kinds and units does not add up.
        {
          id: 'consumptionBuildings',
          columns: CONSUMPTION_BUILDING_COLUMNS,
          rows: noReadings ? [] : buildingRows,
          totals: {},
          ...(noReadings ? { empty: 'noReadings' as const } : {}),
        },
        {
          id: 'consumptionApartments',
          columns: CONSUMPTION_APARTMENT_COLUMNS,
          rows: noReadings ? [] : apartmentRows,
          totals: {},
          ...(noReadings ? { empty: 'noReadings' as const } : {}),
        },
      ],
      chart,
    }
  },
}

const round3 = (v: number) => Math.round(v * 1000) / 1000

/**
 * The months consumption is compared over: the year's months up to the last one the readings
 * cover whole. A month after the latest reading (or the one it falls in) has no consumption yet,
 * and counting it would show every meter "down" against the previous year.
 */
function readMonths(meters: { lastRead: string | null }[], months: string[]): string[] {
  let latest = ''
  for (const m of meters) if (m.lastRead && m.lastRead > latest) latest = m.lastRead
  // Whole months end before the month of the latest reading (a reading on the 1st closes the
  // month before it).
  return months.filter((m) => m < latest.slice(0, 7))
}

/**
 * With readings, the chart is consumption per month against the same month a year earlier, for
 * the meter kind with the most meters (one unit: a chart does not add m³ to kWh); the service
 * visits and tasks per month are in their tables. Without readings it is the service per month.
 */
function consumptionChart(
  meters: { kind: string; unit: string; months: Map<string, number> }[],
  months: string[],
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
  const sum = (month: string) => round3(chosen.reduce((s, m) => s + (m.months.get(month) ?? 0), 0))
  return {
    mark: 'line',
    unit: 'count',
    series: [`now_${kind}`, `prev_${kind}`],
    data: months.flatMap((month) => [
      { x: month, series: `now_${kind}`, value: sum(month) },
      { x: month, series: `prev_${kind}`, value: sum(`${year - 1}${month.slice(4)}`) },
    ]),
  }
}

/** The cooperative's buildings this reader covers, narrowed to the filter; a foreign id is 404. */
async function readableBuildings(db: DB, orgId: string, served: string[] | null, buildingId?: string) {
  let q = db.selectFrom('buildings').select(['id', 'name']).where('org_id', '=', orgId)
  if (served) q = served.length > 0 ? q.where('id', 'in', served) : q.where(sql<boolean>`false`)
  if (buildingId) q = q.where('id', '=', buildingId)
  const rows = await q.orderBy('name').execute()
  if (buildingId && rows.length === 0) throw notFound('The building')
  return rows
}

/**
 * Each meter of these buildings with its consumption per month. Readings are read from two years
 * before the year (an interval that starts before the previous year still gives it its share)
 * through the first quarter after it; an interval longer than that is left out.
 */
async function consumptionByMeter(
  db: DB,
  orgId: string,
  buildings: { id: string; name: string }[],
  year: number,
) {
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
