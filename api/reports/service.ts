import { sql } from 'kysely'
import { notFound } from '../../schema/errors.ts'
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
import { consumptionByMeter, consumptionChart, consumptionRows } from './serviceConsumption.ts'

/**
 * Report 10, service and consumption (maintenance staff, manager, board of a cooperative):
 * - service visits: cases done (their first move to resolved or closed, from the status history)
 *   per building and month of the year; a case that names no building counts for the
 *   cooperative as a whole (its name in the building column);
 * - board tasks done (progress 100) per month — tasks carry no place, so only a reader of the
 *   whole cooperative with no building filter sees them;
 * - meter consumption per building and per apartment, summed per meter kind and unit, over the
 *   months of the year through this month (December for a past year) that each meter's readings
 *   cover whole, against the same months of the previous year (serviceConsumption.ts). Months come
 *   from the meters' readings as the meter pages compute them (schema/meters/consumption.ts: each
 *   interval spread evenly over its days); a building's figure sums all its meters of a kind, as
 *   GET /api/meters/:orgId/consumption does.
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
    // The building filter offers every building this reader covers, whichever one is chosen.
    const choices = await readableBuildings(db, orgId, access.buildings)
    const buildings = params.buildingId ? choices.filter((b) => b.id === params.buildingId) : choices
    if (params.buildingId && buildings.length === 0) throw notFound('The building')
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

    const consumption = consumptionRows(meters, months)
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
    // With readings, consumption against the previous year; the service is in its tables.
    const usage = noReadings ? null : consumptionChart(meters, months, year)
    const chart = usage && usage.data.length > 0 ? usage : serviceChart

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
          rows: noReadings ? [] : consumption.buildings,
          totals: {},
          ...(noReadings ? { empty: 'noReadings' as const } : {}),
        },
        {
          id: 'consumptionApartments',
          columns: CONSUMPTION_APARTMENT_COLUMNS,
          rows: noReadings ? [] : consumption.apartments,
          totals: {},
          ...(noReadings ? { empty: 'noReadings' as const } : {}),
        },
      ],
      chart,
      options: { buildingId: choices.map((b) => ({ value: b.id, label: b.name })) },
    }
  },
}

/**
 * The cooperative's buildings this reader covers (a building-scoped maintenance member's, else
 * all); a filter naming any other building, of this cooperative or another, is 404.
 */
async function readableBuildings(db: DB, orgId: string, served: string[] | null) {
  let q = db.selectFrom('buildings').select(['id', 'name']).where('org_id', '=', orgId)
  if (served) q = served.length > 0 ? q.where('id', 'in', served) : q.where(sql<boolean>`false`)
  return q.orderBy('name').execute()
}
