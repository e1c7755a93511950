import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HoldingsResponse } from '../../schema/api/holdings.ts'
import type { ReportResult } from '../../schema/reports/common.ts'
import { createOrg, member } from '../../server/test/factories.ts'
import { addInvoice, dayOffset, financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addCase, expectTotalsMatchRows, section } from './testWorld.ts'

/** Reports 6–9 (the investor's) and the holdings they rest on: who reads them, totals, isolation. */
describe.each(ENGINES)('investor reports on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const year = Number(dayOffset(0).slice(0, 4))
  const month = dayOffset(0).slice(0, 7)

  async function world() {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    // The portfolio holds A 2 (financeWorld); A 1's invoice must never count.
    await addInvoice(db, w.coop.id, w.a2, {
      dueDate: dayOffset(-20),
      period: `${month}-01`,
      amountCents: 40_000,
    })
    await addInvoice(db, w.coop.id, w.a1, {
      dueDate: dayOffset(-20),
      period: `${month}-01`,
      amountCents: 99_000,
    })
    await db
      .updateTable('portfolio_apartments')
      .set({ price_cents: 10_000_000 })
      .where('org_id', '=', w.portfolio.id)
      .execute()
    await db
      .insertInto('portfolio_rents')
      .values({
        org_id: w.portfolio.id,
        apartment_id: w.a2,
        external_id: 'R1',
        month: `${month}-01`,
        amount_cents: 90_000,
      })
      .execute()
    await db
      .insertInto('finance_loan_shares')
      .values([
        {
          org_id: w.coop.id,
          apartment_id: w.a2,
          external_id: 'L2',
          loan_name: 'Putki',
          original_cents: 5_000_000,
          remaining_cents: 4_000_000,
        },
        {
          org_id: w.coop.id,
          apartment_id: w.a1,
          external_id: 'L1',
          loan_name: 'Putki',
          original_cents: 7_000_000,
          remaining_cents: 6_000_000,
        },
      ])
      .execute()
    await db
      .insertInto('renovation_plans')
      .values({
        org_id: w.coop.id,
        external_id: 'P1',
        title: 'Julkisivu',
        planned_year: year + 1,
        estimate_cents: 9_450_000,
      })
      .execute()
    await addCase(db, w.coop.id, w.owner.id, { createdAt: `${month}-01T08:00:00Z` })
    await addCase(db, w.coop.id, w.owner.id, {
      createdAt: `${year}-01-02T08:00:00Z`,
      resolvedAt: `${year}-01-06T08:00:00Z`,
    })
    const otherPortfolio = await createOrg(db, { kind: 'investor_portfolio' })
    const otherInvestor = await member(db, otherPortfolio.id, 'investor')
    const portfolioAdmin = await member(db, w.portfolio.id, 'org_admin')
    return { ...w, otherPortfolio, otherInvestor, portfolioAdmin }
  }

  const get = async (token: string, path: string) => {
    const res = await client(t.app, token).get(path)
    return { status: res.status, body: (res.status === 200 ? await res.json() : null) as ReportResult }
  }

  it('portfolio overview: the held apartments only, with totals matching rows; nobody else reads it', async () => {
    const w = await world()
    const path = `/api/reports/${w.portfolio.id}/portfolio`
    const { status, body } = await get(w.investor.token, path)
    expect(status).toBe(200)
    const props = section(body, 'properties')
    expect(props.rows).toEqual([
      expect.objectContaining({
        property: w.coop.name,
        apartments: 1,
        area: 40,
        shares: 400,
        billed12: 40_000,
        outstanding: 40_000,
        loanRemaining: 4_000_000,
        openCases: 1,
      }),
    ])
    // 400 of 945 shares.
    expect(props.rows[0]!.shareOfProperty).toBe(42.3)
    expectTotalsMatchRows(props)
    expect((await get(w.otherInvestor.token, path)).status).toBe(404)
    expect((await get(w.board.token, path)).status).toBe(404)
    expect((await get(w.owner2.token, path)).status).toBe(404)
    expect((await get(w.investor.token, `/api/reports/${w.coop.id}/portfolio`)).status).toBe(404)
    expect((await get(w.investor.token, `/api/reports/${w.otherPortfolio.id}/portfolio`)).status).toBe(404)
    // The portfolio's org admin manages holdings but reads no reports.
    expect((await get(w.portfolioAdmin.token, path)).status).toBe(403)
    // A suspended cooperative drops out.
    await t.deps.db
      .updateTable('organisations')
      .set({ status: 'suspended' })
      .where('id', '=', w.coop.id)
      .execute()
    expect(section((await get(w.investor.token, path)).body, 'properties').rows).toEqual([])
  })

  it('performance, risks and operations add up per property and over the portfolio', async () => {
    const w = await world()
    const perf = (await get(w.investor.token, `/api/reports/${w.portfolio.id}/performance?year=${year}`)).body
    const p = section(perf, 'properties').rows[0]!
    expect(p).toMatchObject({ rent: 90_000, charges: 0, net: 90_000, price: 10_000_000, yield: 0.9 })
    expectTotalsMatchRows(section(perf, 'properties'), ['yield'])
    expectTotalsMatchRows(section(perf, 'months'))
    expect(section(perf, 'months').totals.rent).toBe(90_000)

    const risks = (await get(w.investor.token, `/api/reports/${w.portfolio.id}/risks`)).body
    expect(section(risks, 'properties').rows[0]).toMatchObject({
      loanRemaining: 4_000_000,
      overdue: 40_000,
      renovations: 1,
      renovationShare: 4_000_000,
    })
    expectTotalsMatchRows(section(risks, 'properties'))
    expectTotalsMatchRows(section(risks, 'renovations'))

    const ops = (await get(w.investor.token, `/api/reports/${w.portfolio.id}/operations?year=${year}`)).body
    const row = section(ops, 'properties').rows[0]!
    expect(row).toMatchObject({ open: 1, opened: 2, closed: 1, avgDays: 4 })
    expectTotalsMatchRows(section(ops, 'properties'), ['avgDays'])
    const chartOpened = ops.chart!.data.filter((d) => d.series === 'opened').reduce((s, d) => s + d.value, 0)
    expect(chartOpened).toBe(2)
    for (const report of ['performance', 'risks', 'operations']) {
      expect((await get(w.otherInvestor.token, `/api/reports/${w.portfolio.id}/${report}`)).status).toBe(404)
      expect((await get(w.board.token, `/api/reports/${w.portfolio.id}/${report}`)).status).toBe(404)
    }
  })

  it('holdings: investors read, the portfolio admin manages apartments of held properties only', async () => {
    const w = await world()
    const base = `/api/portfolios/${w.portfolio.id}`
    const investor = client(t.app, w.investor.token)
    const admin = client(t.app, w.portfolioAdmin.token)
    const list = (await (await investor.get(`${base}/holdings`)).json()) as HoldingsResponse
    expect(list.canManage).toBe(false)
    expect(list.properties[0]!.apartments.map((a) => a.apartmentId)).toEqual([w.a2])
    expect(list.properties[0]!.available).toEqual([])
    expect(
      (await investor.post(`${base}/holdings`, { cooperativeId: w.coop.id, apartmentId: w.a1 })).status,
    ).toBe(403)
    expect(
      (await admin.post(`${base}/holdings`, { cooperativeId: w.coop.id, apartmentId: w.a1, priceCents: 5 }))
        .status,
    ).toBe(201)
    const after = (await get(w.investor.token, `/api/reports/${w.portfolio.id}/portfolio`)).body
    expect(section(after, 'properties').rows[0]!.apartments).toBe(2)
    // Another cooperative's apartment, a property not held, forged ids: 404; bad bodies: 422.
    expect(
      (await admin.post(`${base}/holdings`, { cooperativeId: w.coop.id, apartmentId: w.away.apartmentId }))
        .status,
    ).toBe(404)
    expect(
      (
        await admin.post(`${base}/holdings`, {
          cooperativeId: w.away.coop.id,
          apartmentId: w.away.apartmentId,
        })
      ).status,
    ).toBe(404)
    expect((await admin.post(`${base}/properties`, { cooperativeId: w.away.coop.id })).status).toBe(404)
    expect(
      (await admin.post(`${base}/holdings`, { cooperativeId: w.coop.id, apartmentId: 'x' })).status,
    ).toBe(422)
    expect(
      (await admin.put(`${base}/rents`, { apartmentId: w.a1, month: '2026-13', amountCents: 1 })).status,
    ).toBe(422)
    expect(
      (await admin.put(`${base}/rents`, { apartmentId: w.a1, month: '2026-03', amountCents: 80_000 })).status,
    ).toBe(200)
    expect(
      (
        await admin.put(`${base}/rents`, {
          apartmentId: w.away.apartmentId,
          month: '2026-03',
          amountCents: 1,
        })
      ).status,
    ).toBe(404)
    const other = client(t.app, w.otherInvestor.token)
    expect((await other.get(`${base}/holdings`)).status).toBe(404)
    expect((await other.delete(`${base}/holdings/${w.a1}`)).status).toBe(404)
    expect((await client(t.app, w.board.token).get(`${base}/holdings`)).status).toBe(404)
    expect((await admin.delete(`${base}/holdings/${w.a1}`)).status).toBe(200)
    expect((await admin.delete(`${base}/holdings/${w.a1}`)).status).toBe(404)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', w.portfolio.id)
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['holdings.apartment_add', 'holdings.apartment_remove'])
  })
})
