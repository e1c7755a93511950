import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportResult } from '../../schema/reports/common.ts'
import { createBuilding } from '../../server/test/factories.ts'
import { addInvoice, dayOffset, financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { expectTotalsMatchRows, section } from './testWorld.ts'

/** Reports 1–3 (the cooperative's): who reads them, an owner's own view, totals, exports. */
describe.each(ENGINES)('cooperative reports on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const year = Number(dayOffset(0).slice(0, 4))

  async function world() {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const month = dayOffset(0).slice(0, 7)
    await addInvoice(db, w.coop.id, w.a1, {
      dueDate: dayOffset(-40),
      period: `${month}-01`,
      amountCents: 20_000,
    })
    await addInvoice(db, w.coop.id, w.a1, {
      dueDate: dayOffset(5),
      period: `${month}-01`,
      amountCents: 25_000,
    })
    await addInvoice(db, w.coop.id, w.a2, {
      dueDate: dayOffset(-100),
      period: `${month}-01`,
      amountCents: 30_000,
    })
    await db
      .insertInto('finance_budgets')
      .values([
        {
          org_id: w.coop.id,
          external_id: 'B1',
          fiscal_year: year,
          category: 'heating',
          amount_cents: 1_200_000,
        },
        { org_id: w.coop.id, external_id: 'B2', fiscal_year: year, category: 'water', amount_cents: 300_000 },
      ])
      .execute()
    await db
      .insertInto('finance_actuals')
      .values([
        {
          org_id: w.coop.id,
          external_id: 'A1',
          fiscal_year: year,
          month: 1,
          category: 'heating',
          amount_cents: 100_000,
        },
        {
          org_id: w.coop.id,
          external_id: 'A0',
          fiscal_year: year - 1,
          month: 1,
          category: 'heating',
          amount_cents: 90_000,
        },
      ])
      .execute()
    return w
  }

  const get = async (token: string, path: string) => {
    const res = await client(t.app, token).get(path)
    return { status: res.status, body: (res.status === 200 ? await res.json() : null) as ReportResult }
  }

  it('balance summary: readers see it all, an owner only their apartment, the others 403/404; totals match', async () => {
    const w = await world()
    const path = `/api/reports/${w.coop.id}/balance?year=${year}&month=12`
    for (const who of [w.board, w.manager, w.accountant, w.auditor]) {
      const { status, body } = await get(who.token, path)
      expect(status).toBe(200)
      expect(body.scope).toBe('all')
      const cats = section(body, 'categories')
      expect(cats.rows.map((r) => r.category)).toEqual(['heating', 'water'])
      expect(cats.totals.budget).toBe(1_500_000)
      expect(cats.totals.actual).toBe(100_000)
      expect(cats.totals.previous).toBe(90_000)
      expectTotalsMatchRows(cats)
      const apartments = section(body, 'apartments')
      expect(apartments.rows).toHaveLength(2)
      expect(apartments.totals.billed).toBe(75_000)
      expectTotalsMatchRows(apartments)
      const summary = section(body, 'summary')
      expect(summary.rows.find((r) => r.item === 'billed')?.amount).toBe(apartments.totals.billed)
      expect(summary.rows.find((r) => r.item === 'result')?.amount).toBe(75_000 - 100_000)
      expect(body.chart?.data.length).toBe(6)
    }
    for (const who of [w.owner, w.ownerRep]) {
      const { status, body } = await get(who.token, path)
      expect(status).toBe(200)
      expect(body.scope).toBe('own')
      expect(body.sections.map((s) => s.id)).toEqual(['apartments'])
      expect(section(body, 'apartments').rows).toEqual([
        { apartment: expect.stringContaining('A 1'), billed: 45_000, paid: 0, outstanding: 45_000 },
      ])
    }
    expect((await get(w.resident.token, path)).status).toBe(403)
    expect((await get(w.maintenance.token, path)).status).toBe(403)
    expect((await get(w.investor.token, path)).status).toBe(404)
    expect((await get(w.stranger.token, path)).status).toBe(404)
    expect((await get(w.strangerAccountant.token, path)).status).toBe(404)
  })

  it('billing details: statuses, ageing and filters; an owner cannot name another apartment', async () => {
    const w = await world()
    const base = `/api/reports/${w.coop.id}/billing?year=${year}`
    const { body } = await get(w.accountant.token, base)
    const invoices = section(body, 'invoices')
    expect(invoices.rows.map((r) => r.status).sort()).toEqual(['open', 'overdue', 'overdue'])
    expectTotalsMatchRows(invoices)
    expect(invoices.totals.amount).toBe(75_000)
    const ageing = section(body, 'ageing')
    expect(ageing.rows.find((r) => r.ageing === 'd31_60')?.open).toBe(20_000)
    expect(ageing.rows.find((r) => r.ageing === 'd90_plus')?.open).toBe(30_000)
    expectTotalsMatchRows(ageing)
    const overdue = await get(w.board.token, `${base}&status=overdue`)
    expect(section(overdue.body, 'invoices').totals.amount).toBe(50_000)
    const one = await get(w.board.token, `${base}&apartmentId=${w.a2}`)
    expect(section(one.body, 'invoices').rows).toHaveLength(1)

    const own = await get(w.owner.token, base)
    expect(own.body.scope).toBe('own')
    expect(section(own.body, 'invoices').rows).toHaveLength(2)
    expect(section(own.body, 'invoices').rows.every((r) => String(r.apartment).endsWith('A 1'))).toBe(true)
    expect((await get(w.owner.token, `${base}&apartmentId=${w.a2}`)).status).toBe(404)
    expect((await get(w.owner2.token, `${base}&apartmentId=${w.a1}`)).status).toBe(404)
    expect((await get(w.resident.token, base)).status).toBe(403)
    expect((await get(w.stranger.token, base)).status).toBe(404)
    // Forged and malformed input.
    expect((await get(w.board.token, `${base}&apartmentId=${w.away.apartmentId}`)).body).toMatchObject({
      sections: [{ rows: [] }, expect.anything()],
    })
    expect((await get(w.board.token, `${base}&status=lost`)).status).toBe(422)
    expect((await get(w.board.token, `/api/reports/${w.coop.id}/billing?year=abc`)).status).toBe(422)
    expect((await get(w.board.token, `${base}&drop=1`)).status).toBe(422)
    expect((await get(w.board.token, `/api/reports/${w.coop.id}/nonsense`)).status).toBe(422)
  })

  it('buildings and spaces: structure and occupancy; an owner sees only their apartment', async () => {
    const w = await world()
    const path = `/api/reports/${w.coop.id}/buildings`
    const { status, body } = await get(w.board.token, path)
    expect(status).toBe(200)
    const buildings = section(body, 'buildings')
    expect(buildings.totals.apartments).toBe(2)
    expect(buildings.totals.occupied).toBe(2)
    expectTotalsMatchRows(buildings)
    expectTotalsMatchRows(section(body, 'apartments'))
    expect((await get(w.maintenance.token, path)).status).toBe(200)
    const own = await get(w.owner2.token, path)
    expect(own.body.sections.map((s) => s.id)).toEqual(['apartments', 'spaces'])
    expect(section(own.body, 'apartments').rows.map((r) => r.apartment)).toEqual(['A 2'])
    // The building filter: every building for the board, an owner's own building only.
    await createBuilding(t.deps.db, w.coop.id, 'B')
    expect((await get(w.board.token, path)).body.options?.buildingId?.map((o) => o.label)).toEqual(['A', 'B'])
    expect((await get(w.owner2.token, path)).body.options?.buildingId?.map((o) => o.label)).toEqual(['A'])
    const b = (await get(w.board.token, path)).body.options?.buildingId?.[1]?.value
    const one = await get(w.board.token, `${path}?buildingId=${b}`)
    expect(section(one.body, 'buildings').rows.map((r) => r.building)).toEqual(['B'])
    expect(section(one.body, 'apartments').rows.map((r) => r.apartment)).toEqual(['B 1'])
    expect((await get(w.resident.token, path)).status).toBe(403)
    expect((await get(w.stranger.token, path)).status).toBe(404)
    expect((await get(w.board.token, `${path}?buildingId=${w.away.buildingId}`)).status).toBe(404)
  })

  it('catalogue by role, CSV with BOM, semicolons and decimal comma, PDF on A4', async () => {
    const w = await world()
    const list = async (token: string, orgId: string) =>
      ((await (await client(t.app, token).get(`/api/reports/${orgId}`)).json()) as { reports: string[] })
        .reports
    expect(await list(w.board.token, w.coop.id)).toEqual([
      'buildings',
      'balance',
      'billing',
      'progress',
      'economics',
      'service',
    ])
    expect(await list(w.maintenance.token, w.coop.id)).toEqual(['buildings', 'service'])
    expect(await list(w.owner.token, w.coop.id)).toEqual(['buildings', 'balance', 'billing'])
    expect(await list(w.resident.token, w.coop.id)).toEqual([])
    expect(await list(w.investor.token, w.portfolio.id)).toEqual([
      'portfolio',
      'performance',
      'risks',
      'operations',
    ])

    const csv = await client(t.app, w.board.token).get(
      `/api/reports/${w.coop.id}/billing/export?format=csv&lang=fi&year=${year}`,
    )
    expect(csv.status).toBe(200)
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('Laskutuksen erittely')
    expect(text).toContain('Huoneisto;Laji;Kausi')
    expect(text).toContain(';200,00;')
    expect(text).toContain('Yhteensä;;;;;;750,00;')
    const en = await (
      await client(t.app, w.board.token).get(
        `/api/reports/${w.coop.id}/billing/export?format=csv&lang=en&year=${year}`,
      )
    ).text()
    expect(en).toContain(',200.00,')
    const ownCsv = await (
      await client(t.app, w.owner.token).get(
        `/api/reports/${w.coop.id}/billing/export?format=csv&lang=en&year=${year}`,
      )
    ).text()
    expect(ownCsv).not.toContain('A 2')
    const pdf = await client(t.app, w.board.token).get(
      `/api/reports/${w.coop.id}/balance/export?format=pdf&lang=sv&year=${year}`,
    )
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const head = new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))
    expect(head).toBe('%PDF-')
    expect(
      (await client(t.app, w.resident.token).get(`/api/reports/${w.coop.id}/billing/export?format=csv`))
        .status,
    ).toBe(403)
    expect(
      (await client(t.app, w.stranger.token).get(`/api/reports/${w.coop.id}/billing/export?format=pdf`))
        .status,
    ).toBe(404)
    expect(
      (await client(t.app, w.board.token).get(`/api/reports/${w.coop.id}/billing/export?format=xls`)).status,
    ).toBe(422)
  })
})
