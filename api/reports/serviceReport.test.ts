import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportResult } from '../../schema/reports/common.ts'
import { addMembership, createBuilding, createUser, member, signIn } from '../../server/test/factories.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addCase, expectTotalsMatchRows, section } from './testWorld.ts'

/**
 * Report 10 (service and consumption): who reads it, a building-scoped maintenance member's
 * narrower view, service visits and board tasks per month, consumption against the previous year
 * from the meters' readings, totals, the empty state without readings, exports.
 */
describe.each(ENGINES)('service and consumption report on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  // A past year, so "through this month" is the whole year and the figures do not move with today.
  const Y = new Date().getUTCFullYear() - 1

  async function world() {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const a = await db
      .selectFrom('apartments')
      .select(['building_id'])
      .where('id', '=', w.a1)
      .executeTakeFirstOrThrow()
    const buildingA = a.building_id
    const b = await createBuilding(db, w.coop.id, 'B')
    // Maintenance staff of the cooperative whose membership names building B only.
    const scopedUser = await createUser(db)
    await addMembership(db, w.coop.id, scopedUser.id, 'maintenance_staff', { buildingId: b.buildingId })
    const scoped = { ...scopedUser, token: await signIn(db, scopedUser.id) }
    const coopMaintenance = await member(db, w.coop.id, 'maintenance_staff')

    const inBuilding = async (buildingId: string | null, createdAt: string, resolvedAt?: string) => {
      const id = await addCase(db, w.coop.id, w.board.id, { createdAt, resolvedAt })
      await db.updateTable('cases').set({ building_id: buildingId }).where('id', '=', id).execute()
    }
    await inBuilding(buildingA, `${Y}-03-01T10:00:00Z`, `${Y}-03-10T10:00:00Z`)
    await inBuilding(null, `${Y}-05-01T10:00:00Z`, `${Y}-05-10T10:00:00Z`)
    await inBuilding(b.buildingId, `${Y}-05-02T10:00:00Z`, `${Y}-05-12T10:00:00Z`)
    await inBuilding(buildingA, `${Y}-06-01T10:00:00Z`) // still open: not a visit
    await inBuilding(buildingA, `${Y - 1}-06-01T10:00:00Z`, `${Y - 1}-06-05T10:00:00Z`) // another year

    const board = await db
      .insertInto('boards')
      .values({ org_id: w.coop.id, title: 'Huolto', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [progress, at] of [
      [100, `${Y}-05-20T10:00:00Z`],
      [100, `${Y}-05-21T10:00:00Z`],
      [50, `${Y}-05-22T10:00:00Z`],
    ] as const) {
      await db
        .insertInto('tasks')
        .values({
          org_id: w.coop.id,
          board_id: board.id,
          card_id: crypto.randomUUID(),
          title: 'Suodattimet',
          progress,
          updated_at: new Date(at),
        } as never)
        .execute()
    }
    return { w, buildingA, b, scoped, coopMaintenance }
  }

  async function meter(
    orgId: string,
    place: { buildingId: string; apartmentId: string | null },
    kind: 'cold_water' | 'heat' | 'electricity',
    unit: 'm3' | 'kWh',
    readings: [string, number][],
  ) {
    const db = t.deps.db
    const m = await db
      .insertInto('meters')
      .values({
        org_id: orgId,
        building_id: place.buildingId,
        apartment_id: place.apartmentId,
        kind,
        unit,
        serial: crypto.randomUUID().slice(0, 8),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [readOn, value] of readings) {
      await db
        .insertInto('meter_readings')
        .values({
          org_id: orgId,
          meter_id: m.id,
          value,
          read_on: readOn,
          status: 'accepted',
          source: 'staff',
        })
        .execute()
    }
  }

  const get = async (token: string, path: string) => {
    const res = await client(t.app, token).get(path)
    return { status: res.status, body: (res.status === 200 ? await res.json() : null) as ReportResult }
  }

  it('board, manager and maintenance read it all; visits and tasks per month add up; others 403/404', async () => {
    const { w } = await world()
    const path = `/api/reports/${w.coop.id}/service?year=${Y}`
    for (const who of [w.board, w.manager, w.maintenance]) {
      const { status, body } = await get(who.token, path)
      expect(status).toBe(200)
      const visits = section(body, 'serviceVisits')
      expect(visits.rows).toEqual([
        { building: 'A', month: `${Y}-03`, visits: 1 },
        { building: 'B', month: `${Y}-05`, visits: 1 },
        { building: w.coop.name, month: `${Y}-05`, visits: 1 },
      ])
      expect(visits.totals.visits).toBe(3)
      expectTotalsMatchRows(visits)
      // The building filter offers every building of the cooperative.
      expect(body.options?.buildingId?.map((o) => o.label)).toEqual(['A', 'B'])
      const tasks = section(body, 'serviceTasks')
      expect(tasks.rows).toEqual([{ month: `${Y}-05`, tasksDone: 2 }])
      expectTotalsMatchRows(tasks)
      expect(body.chart?.mark).toBe('stackedBarY')
      const may = body.chart?.data.filter((d) => d.x === `${Y}-05`)
      expect(may).toEqual([
        { x: `${Y}-05`, series: 'visits', value: 2 },
        { x: `${Y}-05`, series: 'tasks', value: 2 },
      ])
    }
    // Readers of other reports, owners and residents: 403; another organisation's people: 404.
    for (const who of [w.accountant, w.auditor, w.owner, w.resident]) {
      expect((await get(who.token, path)).status).toBe(403)
    }
    for (const who of [w.investor, w.stranger, w.strangerAccountant, w.contractor]) {
      expect((await get(who.token, path)).status).toBe(404)
    }
    expect((await get(w.board.token, `${path}&buildingId=${w.away.buildingId}`)).status).toBe(404)
  })

  it('without readings the consumption tables are empty and say why', async () => {
    const { w } = await world()
    const { body } = await get(w.board.token, `/api/reports/${w.coop.id}/service?year=${Y}`)
    for (const id of ['consumptionBuildings', 'consumptionApartments']) {
      expect(section(body, id).rows).toEqual([])
      expect(section(body, id).empty).toBe('noReadings')
    }
  })

  it('consumption per building and apartment against the previous year, from the readings', async () => {
    const { w, buildingA, b } = await world()
    const jan = (y: number) => `${y}-01-01`
    await meter(w.coop.id, { buildingId: buildingA, apartmentId: w.a1 }, 'cold_water', 'm3', [
      [jan(Y - 1), 100],
      [jan(Y), 200],
      [jan(Y + 1), 350],
    ])
    await meter(w.coop.id, { buildingId: buildingA, apartmentId: null }, 'heat', 'kWh', [
      [jan(Y - 1), 1000],
      [jan(Y), 1100],
      [jan(Y + 1), 1300],
    ])
    await meter(w.coop.id, b, 'electricity', 'kWh', [
      [jan(Y - 1), 0],
      [jan(Y), 10],
      [jan(Y + 1), 30],
    ])
    const { body } = await get(w.board.token, `/api/reports/${w.coop.id}/service?year=${Y}`)
    expect(section(body, 'consumptionBuildings').rows).toEqual([
      { building: 'A', meterKind: 'cold_water', unit: 'm3', current: 150, previous: 100, change: 50 },
      { building: 'A', meterKind: 'heat', unit: 'kWh', current: 200, previous: 100, change: 100 },
      { building: 'B', meterKind: 'electricity', unit: 'kWh', current: 20, previous: 10, change: 100 },
    ])
    expect(section(body, 'consumptionApartments').rows).toEqual([
      {
        building: 'A',
        apartment: 'A 1',
        meterKind: 'cold_water',
        unit: 'm3',
        current: 150,
        previous: 100,
        change: 50,
      },
      {
        building: 'B',
        apartment: 'B 1',
        meterKind: 'electricity',
        unit: 'kWh',
        current: 20,
        previous: 10,
        change: 100,
      },
    ])
    // With readings the chart is consumption by month against the previous year, of one kind.
    expect(body.chart?.mark).toBe('line')
    const dec = body.chart?.data.filter((d) => d.x === `${Y}-12`) ?? []
    expect(dec.map((d) => d.series.split('_')[0])).toEqual(['now', 'prev'])
    // One building by filter.
    const one = await get(
      w.board.token,
      `/api/reports/${w.coop.id}/service?year=${Y}&buildingId=${b.buildingId}`,
    )
    expect(section(one.body, 'consumptionBuildings').rows.map((r) => r.building)).toEqual(['B'])
    expect(one.body.sections.map((s) => s.id)).not.toContain('serviceTasks')
  })

  it('compares only the months the readings cover whole', async () => {
    const { w, b } = await world()
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000
    // One unit a day; the last reading on 15 July: January–June are compared, July is partial.
    await meter(w.coop.id, b, 'cold_water', 'm3', [
      [`${Y - 1}-01-01`, 0],
      [`${Y}-01-01`, days(`${Y - 1}-01-01`, `${Y}-01-01`)],
      [`${Y}-07-15`, days(`${Y - 1}-01-01`, `${Y}-07-15`)],
    ])
    const { body } = await get(w.board.token, `/api/reports/${w.coop.id}/service?year=${Y}`)
    expect(body.chart?.data.map((d) => d.x).at(-1)).toBe(`${Y}-06`)
    const [row] = section(body, 'consumptionBuildings').rows
    expect(row?.current).toBe(days(`${Y}-01-01`, `${Y}-07-01`))
    expect(row?.previous).toBe(days(`${Y - 1}-01-01`, `${Y - 1}-07-01`))
  })

  it('whole months are each meter’s own: a meter read later does not make another’s partial months count', async () => {
    const { w, b } = await world()
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000
    const start = `${Y - 1}-01-01`
    // Both one unit a day. The common meter is read through the year; the apartment's only to
    // 15 July (as in the demo, where one reading waiting for review is newer than all the others).
    await meter(w.coop.id, { buildingId: b.buildingId, apartmentId: null }, 'cold_water', 'm3', [
      [start, 0],
      [`${Y}-01-01`, days(start, `${Y}-01-01`)],
      [`${Y + 1}-01-01`, days(start, `${Y + 1}-01-01`)],
    ])
    await meter(w.coop.id, b, 'cold_water', 'm3', [
      [start, 0],
      [`${Y}-01-01`, days(start, `${Y}-01-01`)],
      [`${Y}-07-15`, days(start, `${Y}-07-15`)],
    ])
    const { body } = await get(w.board.token, `/api/reports/${w.coop.id}/service?year=${Y}`)
    const firstHalf = (y: number) => days(`${y}-01-01`, `${y}-07-01`)
    const whole = (y: number) => days(`${y}-01-01`, `${y + 1}-01-01`)
    // The building: the common meter's whole year and the apartment meter's January–June, each
    // against the same months a year earlier — like for like, so no false drop.
    const [building] = section(body, 'consumptionBuildings').rows
    expect(building).toMatchObject({
      building: 'B',
      current: whole(Y) + firstHalf(Y),
      previous: whole(Y - 1) + firstHalf(Y - 1),
    })
    const [apartment] = section(body, 'consumptionApartments').rows
    expect(apartment).toMatchObject({ apartment: 'B 1', current: firstHalf(Y), previous: firstHalf(Y - 1) })
    // The chart ends where every meter of its kind read in the year is read whole: June.
    expect(body.chart?.data.map((d) => d.x).at(-1)).toBe(`${Y}-06`)
    const march = body.chart?.data.filter((d) => d.x === `${Y}-03`).map((d) => d.value)
    expect(march).toEqual([62, 62])
  })

  it('maintenance staff scoped to a building read only that building, not the board tasks', async () => {
    const { w, b, scoped, coopMaintenance } = await world()
    await meter(w.coop.id, b, 'electricity', 'kWh', [
      [`${Y - 1}-01-01`, 0],
      [`${Y}-01-01`, 10],
    ])
    const path = `/api/reports/${w.coop.id}/service?year=${Y}`
    const { status, body } = await get(scoped.token, path)
    expect(status).toBe(200)
    expect(section(body, 'serviceVisits').rows).toEqual([{ building: 'B', month: `${Y}-05`, visits: 1 }])
    expect(body.sections.map((s) => s.id)).not.toContain('serviceTasks')
    expect(section(body, 'consumptionBuildings').rows.map((r) => r.building)).toEqual(['B'])
    // Their building filter offers only the building they serve.
    expect(body.options?.buildingId).toEqual([{ value: b.buildingId, label: 'B' }])
    const { buildingA } = { buildingA: (await get(w.board.token, path)).body }
    expect(section(buildingA, 'serviceVisits').rows).toHaveLength(3)
    // Naming a building they do not serve: 404, as a building of another cooperative.
    const a = await t.deps.db
      .selectFrom('buildings')
      .select('id')
      .where('org_id', '=', w.coop.id)
      .where('name', '=', 'A')
      .executeTakeFirstOrThrow()
    expect((await get(scoped.token, `${path}&buildingId=${a.id}`)).status).toBe(404)
    // A cooperative-wide maintenance membership sees every building.
    const all = await get(coopMaintenance.token, path)
    expect(section(all.body, 'serviceVisits').rows).toHaveLength(3)
  })

  it('exports: CSV with BOM, the Finnish separator and decimal comma; PDF; the same refusals', async () => {
    const { w, b } = await world()
    await meter(w.coop.id, b, 'electricity', 'kWh', [
      [`${Y - 1}-01-01`, 0],
      [`${Y}-01-01`, 10.5],
      [`${Y + 1}-01-01`, 31.5],
    ])
    const csv = await client(t.app, w.maintenance.token).get(
      `/api/reports/${w.coop.id}/service/export?format=csv&lang=fi&year=${Y}`,
    )
    expect(csv.status).toBe(200)
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text).toContain('Kulutus rakennuksittain')
    expect(text).toContain(
      'Rakennus;Mittari;Yksikkö;Kulutus;Edellinen vuosi;Muutos\r\nB;Sähkö;kWh;21,000;10,500;100,0',
    )
    const pdf = await client(t.app, w.board.token).get(
      `/api/reports/${w.coop.id}/service/export?format=pdf&lang=en&year=${Y}`,
    )
    expect(pdf.status).toBe(200)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    for (const who of [w.stranger, w.investor]) {
      expect(
        (await client(t.app, who.token).get(`/api/reports/${w.coop.id}/service/export?format=csv`)).status,
      ).toBe(404)
    }
    expect(
      (await client(t.app, w.owner.token).get(`/api/reports/${w.coop.id}/service/export?format=csv`)).status,
    ).toBe(403)
  })
})
