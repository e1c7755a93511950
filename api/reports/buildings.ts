import { sql } from 'kysely'
import { notFound } from '../../schema/errors.ts'
import {
  APARTMENT_COLUMNS,
  BUILDING_COLUMNS,
  BuildingsParams,
  SPACE_COLUMNS,
} from '../../schema/reports/buildings.ts'
import {
  type ChartSpec,
  monthsBetween,
  type Row,
  type Section,
  sumColumns,
} from '../../schema/reports/common.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 1, buildings and spaces: per building its staircases, apartments, area, shares and
 * occupied apartments (an apartment is occupied when a resident's or owner's membership names it),
 * each apartment, and the shared spaces' confirmed bookings and hours per month of the year (the
 * chart). An owner sees their own apartments and the spaces (which every member may book).
 */
export const buildingsReport: ReportModule<BuildingsParams> = {
  params: BuildingsParams,
  async run(ctx) {
    const { db, access, params } = ctx
    const orgId = access.org.id
    const year = params.year ?? Number(ctx.today.slice(0, 4))
    if (params.buildingId) {
      const b = await db
        .selectFrom('buildings')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', params.buildingId)
        .executeTakeFirst()
      if (!b) throw notFound('The building')
    }
    const buildingFilter = params.buildingId ? sql`AND a.building_id = ${params.buildingId}` : sql``
    const ownFilter =
      access.scope === 'own'
        ? access.own.length > 0
          ? sql`AND a.id IN (${sql.join(access.own)})`
          : sql`AND false`
        : sql``
    const occupied = sql`EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = a.org_id AND m.apartment_id = a.id
      AND m.role IN ('owner', 'owner_representative', 'resident'))`
    const [apartments, staircases, spaces, usage, buildingChoices] = await Promise.all([
      sql<{ building: string; number: string; area: string; shares: number; occupied: boolean }>`
        SELECT b.name AS building, a.number, a.area_m2 AS area, a.share_count AS shares, ${occupied} AS occupied
        FROM apartments a JOIN buildings b ON b.org_id = a.org_id AND b.id = a.building_id
        WHERE a.org_id = ${orgId} ${buildingFilter} ${ownFilter}
        ORDER BY b.name, a.number`.execute(db),
      sql<{ building: string; n: string }>`
        SELECT b.name AS building, count(s.id) AS n FROM buildings b
        LEFT JOIN staircases s ON s.org_id = b.org_id AND s.building_id = b.id
        WHERE b.org_id = ${orgId} ${params.buildingId ? sql`AND b.id = ${params.buildingId}` : sql``}
        GROUP BY b.name`.execute(db),
      sql<{ id: string; name: string; category: string }>`
        SELECT r.id, r.name, c.name AS category FROM booking_resources r
        JOIN booking_categories c ON c.id = r.category_id
        WHERE r.org_id = ${orgId}
          ${params.buildingId ? sql`AND (r.building_id IS NULL OR r.building_id = ${params.buildingId})` : sql``}
        ORDER BY c.name, r.name`.execute(db),
      sql<{ resource_id: string; month: string; n: string; hours: string }>`
        SELECT resource_id, to_char(lower(during) AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, count(*) AS n,
          sum(extract(epoch FROM upper(during) - lower(during)) / 3600) AS hours
        FROM bookings
        WHERE org_id = ${orgId} AND status = 'confirmed'
          AND lower(during) >= ${`${year}-01-01`}::timestamptz AND lower(during) < ${`${year + 1}-01-01`}::timestamptz
        GROUP BY resource_id, month`.execute(db),
      // The building filter's choices: the cooperative's buildings, an owner's with their apartments.
      sql<{ id: string; name: string }>`
        SELECT b.id, b.name FROM buildings b WHERE b.org_id = ${orgId}
          ${
            access.scope === 'own'
              ? sql`AND EXISTS (SELECT 1 FROM apartments a WHERE a.org_id = b.org_id AND a.building_id = b.id ${ownFilter})`
              : sql``
          }
        ORDER BY b.name`.execute(db),
    ])
    const apartmentRows: Row[] = apartments.rows.map((a) => ({
      building: a.building,
      apartment: a.number,
      area: num(a.area),
      shares: num(a.shares),
      occupied: a.occupied ? 1 : 0,
    }))
    const spaceRows: Row[] = spaces.rows.map((r) => {
      const use = usage.rows.filter((u) => u.resource_id === r.id)
      return {
        space: r.name,
        category: r.category,
        bookings: use.reduce((s, u) => s + num(u.n), 0),
        hours: Math.round(use.reduce((s, u) => s + num(u.hours), 0)),
      }
    })
    const lastMonth = year === Number(ctx.today.slice(0, 4)) ? ctx.today.slice(0, 7) : `${year}-12`
    const names = new Map(spaces.rows.map((r) => [r.id, r.name]))
    const chart: ChartSpec = {
      mark: 'stackedBarY',
      unit: 'hours',
      series: spaces.rows.map((r) => r.name),
      data: monthsBetween(`${year}-01`, lastMonth).flatMap((m) =>
        usage.rows
          .filter((u) => u.month === m && names.has(u.resource_id))
          .map((u) => ({
            x: m,
            series: names.get(u.resource_id)!,
            value: Math.round(num(u.hours) * 10) / 10,
          })),
      ),
    }
    const sections: Section[] = []
    if (access.scope === 'all') {
      const buildings: Row[] = staircases.rows.map((b) => {
        const mine = apartmentRows.filter((a) => a.building === b.building)
        const sums = sumColumns(mine, ['area', 'shares', 'occupied'])
        return {
          building: b.building,
          staircases: num(b.n),
          apartments: mine.length,
          area: Math.round((sums.area ?? 0) * 10) / 10,
          shares: sums.shares ?? 0,
          occupied: sums.occupied ?? 0,
        }
      })
      buildings.sort((a, b) => String(a.building).localeCompare(String(b.building)))
      sections.push({
        id: 'buildings',
        columns: BUILDING_COLUMNS,
        rows: buildings,
        totals: sumColumns(buildings, ['staircases', 'apartments', 'area', 'shares', 'occupied']),
      })
    }
    const aptTotals = sumColumns(apartmentRows, ['area', 'shares', 'occupied'])
    aptTotals.area = Math.round((aptTotals.area ?? 0) * 10) / 10
    sections.push({ id: 'apartments', columns: APARTMENT_COLUMNS, rows: apartmentRows, totals: aptTotals })
    sections.push({
      id: 'spaces',
      columns: SPACE_COLUMNS,
      rows: spaceRows,
      totals: sumColumns(spaceRows, ['bookings', 'hours']),
    })
    return {
      filters: { year, ...(params.buildingId ? { buildingId: params.buildingId } : {}) },
      sections,
      chart,
      options: { buildingId: buildingChoices.rows.map((b) => ({ value: b.id, label: b.name })) },
    }
  },
}
