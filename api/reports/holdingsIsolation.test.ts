import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HoldingsResponse } from '../../schema/api/holdings.ts'
import { addMembership, createBuilding, createOrg, member } from '../../server/test/factories.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Tenant isolation of a portfolio's holdings (`/api/portfolios/:orgId/...`): a user of another
 * organisation (another portfolio's investor or admin, the held cooperative's board and manager,
 * a stranger) gets 404 with only the error and changes nothing; a member of the portfolio without
 * the role (investor, representative, auditor) reads but may not manage (403); its manager and
 * admin manage.
 */
describe.each(ENGINES)('portfolio holdings isolation on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world() {
    const db = t.deps.db
    const w = await financeWorld(db)
    // A second cooperative the same company runs, for the portfolio to add as a property.
    const coop2 = await createOrg(db, { kind: 'housing_cooperative', managedBy: w.mgmt.id })
    const place2 = await createBuilding(db, coop2.id, 'C')
    // Adding a property takes an admin of both the portfolio and the cooperative.
    const admin = await member(db, w.portfolio.id, 'org_admin')
    await addMembership(db, w.mgmt.id, admin.id, 'property_manager')
    const otherPortfolio = await createOrg(db, { kind: 'investor_portfolio' })
    return {
      ...w,
      coop2,
      apt2: place2.apartmentId,
      admin,
      portfolioManager: await member(db, w.portfolio.id, 'portfolio_manager'),
      representative: await member(db, w.portfolio.id, 'investor_representative'),
      portfolioAuditor: await member(db, w.portfolio.id, 'auditor'),
      otherPortfolio,
      otherInvestor: await member(db, otherPortfolio.id, 'investor'),
      otherAdmin: await member(db, otherPortfolio.id, 'org_admin'),
    }
  }
  type World = Awaited<ReturnType<typeof world>>

  const held = async (w: World) => {
    const db = t.deps.db
    const [properties, apartments, rents] = await Promise.all([
      db
        .selectFrom('portfolio_holdings')
        .select('cooperative_id')
        .where('org_id', '=', w.portfolio.id)
        .execute(),
      db
        .selectFrom('portfolio_apartments')
        .select('apartment_id')
        .where('org_id', '=', w.portfolio.id)
        .execute(),
      db.selectFrom('portfolio_rents').select('amount_cents').where('org_id', '=', w.portfolio.id).execute(),
    ])
    return {
      properties: properties.map((r) => r.cooperative_id).sort(),
      apartments: apartments.map((r) => r.apartment_id).sort(),
      rents: rents.length,
    }
  }

  it('every holdings endpoint: another organisation 404 and nothing changes; without the role 403; the managers 2xx', async () => {
    const w = await world()
    const p = w.portfolio.id
    const calls = [
      { name: 'holdings', method: 'GET', path: `/api/portfolios/${p}/holdings`, body: undefined },
      {
        name: 'add property',
        method: 'POST',
        path: `/api/portfolios/${p}/properties`,
        body: { cooperativeId: w.coop2.id },
      },
      {
        name: 'hold apartment',
        method: 'POST',
        path: `/api/portfolios/${p}/holdings`,
        body: { cooperativeId: w.coop.id, apartmentId: w.a1, priceCents: 1 },
      },
      {
        name: 'rents',
        method: 'PUT',
        path: `/api/portfolios/${p}/rents`,
        body: { apartmentId: w.a2, month: '2026-03', amountCents: 1 },
      },
      {
        name: 'stop holding',
        method: 'DELETE',
        path: `/api/portfolios/${p}/holdings/${w.a2}`,
        body: undefined,
      },
    ] as const
    const before = await held(w)
    expect(before).toEqual({ properties: [w.coop.id], apartments: [w.a2], rents: 0 })

    const outsiders = {
      otherInvestor: w.otherInvestor,
      otherAdmin: w.otherAdmin,
      coopBoard: w.board,
      coopManager: w.manager,
      coopOwner: w.owner2,
      stranger: w.stranger,
    }
    for (const call of calls) {
      for (const [who, person] of Object.entries(outsiders)) {
        const res = await client(t.app, person.token).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(404)
        expect(await res.json(), `${call.name} by ${who}`).toEqual({
          error: { code: 'not_found', message: expect.any(String) },
        })
      }
    }
    // Members who read the holdings but may not manage them.
    const readers = { investor: w.investor, representative: w.representative, auditor: w.portfolioAuditor }
    for (const [who, person] of Object.entries(readers)) {
      const list = await client(t.app, person.token).get(`/api/portfolios/${p}/holdings`)
      expect(list.status, `holdings by ${who}`).toBe(200)
      expect(((await list.json()) as HoldingsResponse).canManage).toBe(false)
      for (const call of calls.slice(1)) {
        const res = await client(t.app, person.token).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(403)
      }
    }
    expect(await held(w)).toEqual(before)

    // Another portfolio's admin cannot make its own portfolio the holder of these.
    const theirs = `/api/portfolios/${w.otherPortfolio.id}`
    const other = client(t.app, w.otherAdmin.token)
    expect((await other.post(`${theirs}/properties`, { cooperativeId: w.coop.id })).status).toBe(404)
    expect(
      (await other.post(`${theirs}/holdings`, { cooperativeId: w.coop.id, apartmentId: w.a2 })).status,
    ).toBe(404)
    expect(
      (await other.put(`${theirs}/rents`, { apartmentId: w.a2, month: '2026-03', amountCents: 1 })).status,
    ).toBe(404)
    expect((await other.delete(`${theirs}/holdings/${w.a2}`)).status).toBe(404)
    // The portfolio manager administers no cooperative: it cannot add one as a property.
    const manager = client(t.app, w.portfolioManager.token)
    expect(
      (await manager.post(`/api/portfolios/${p}/properties`, { cooperativeId: w.coop2.id })).status,
    ).toBe(404)
    expect(await held(w)).toEqual(before)

    // The roles that may.
    const admin = client(t.app, w.admin.token)
    expect((await admin.post(`/api/portfolios/${p}/properties`, { cooperativeId: w.coop2.id })).status).toBe(
      201,
    )
    expect(
      (
        await manager.post(`/api/portfolios/${p}/holdings`, {
          cooperativeId: w.coop2.id,
          apartmentId: w.apt2,
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await manager.put(`/api/portfolios/${p}/rents`, {
          apartmentId: w.apt2,
          month: '2026-03',
          amountCents: 1,
        })
      ).status,
    ).toBe(200)
    const list = await manager.get(`/api/portfolios/${p}/holdings`)
    expect(list.status).toBe(200)
    const body = (await list.json()) as HoldingsResponse
    expect(body.canManage).toBe(true)
    expect(body.properties.map((x) => x.cooperativeId).sort()).toEqual([w.coop.id, w.coop2.id].sort())
    expect(await held(w)).toEqual({
      properties: [w.coop.id, w.coop2.id].sort(),
      apartments: [w.a2, w.apt2].sort(),
      rents: 1,
    })
    expect((await admin.delete(`/api/portfolios/${p}/holdings/${w.apt2}`)).status).toBe(200)
    expect((await held(w)).apartments).toEqual([w.a2])
  })
})
