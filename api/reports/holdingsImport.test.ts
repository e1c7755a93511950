import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../schema/api/financeImport.ts'
import { createApiKey } from '../finance/keys/apiKeys.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'

/** The investor import kinds: holdings and rents into a portfolio, renovations into a cooperative. */
describe.each(ENGINES)('holdings, rents and renovations import on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const post = async (orgId: string, kind: string, token: string, rows: unknown[]) => {
    const res = await t.app.request(`http://localhost:3000/api/import/${orgId}/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(rows),
    })
    return { status: res.status, body: (await res.json()) as ImportReport }
  }

  it('imports holdings of a held property only, then rents by holding, idempotently', async () => {
    const w = await financeWorld(t.deps.db)
    const businessId = `${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}-${Math.floor(Math.random() * 10)}`
    await t.deps.db
      .updateTable('organisations')
      .set({ business_id: businessId })
      .where('id', '=', w.coop.id)
      .execute()
    const awayId = `${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}-${Math.floor(Math.random() * 10)}`
    await t.deps.db
      .updateTable('organisations')
      .set({ business_id: awayId })
      .where('id', '=', w.away.coop.id)
      .execute()
    const key = await createApiKey(t.deps.db, {
      orgId: w.portfolio.id,
      name: 'erp',
      scopes: ['finance:write'],
      createdBy: null,
    })
    const rows = [
      {
        externalId: 'H1',
        cooperative: businessId,
        apartment: 'A 1',
        acquiredOn: '2022-05-01',
        priceCents: 15_000_000,
      },
      { externalId: 'H2', cooperative: awayId, apartment: 'A 1' },
      { externalId: 'H3', cooperative: businessId, apartment: 'Z 9' },
    ]
    const first = await post(w.portfolio.id, 'holdings', key.token, rows)
    expect(first.status).toBe(200)
    expect(first.body.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 2 })
    expect(first.body.rows.filter((r) => r.status === 'refused').map((r) => r.errors?.[0]?.path)).toEqual([
      'cooperative',
      'apartment',
    ])
    const again = await post(w.portfolio.id, 'holdings', key.token, rows.slice(0, 1))
    expect(again.body.counts.unchanged).toBe(1)
    const held = await t.deps.db
      .selectFrom('portfolio_apartments')
      .select(['apartment_id', 'price_cents'])
      .where('org_id', '=', w.portfolio.id)
      .orderBy('apartment_id')
      .execute()
    expect(held.map((h) => h.apartment_id).sort()).toEqual([w.a1, w.a2].sort())

    const rents = await post(w.portfolio.id, 'rents', key.token, [
      { externalId: 'R1', holding: 'H1', month: '2026-03', amountCents: 95_000 },
      { externalId: 'R2', holding: 'nope', month: '2026-03', amountCents: 1 },
      { externalId: 'R3', holding: 'H1', month: '2026-13', amountCents: 1 },
    ])
    expect(rents.body.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 2 })
    // Renovations go into a cooperative; into a portfolio every row is refused.
    const wrong = await post(w.portfolio.id, 'renovations', key.token, [
      { externalId: 'P1', title: 'Katto', plannedYear: 2030, estimateCents: 100 },
    ])
    expect(wrong.body.counts.refused).toBe(1)
    // A portfolio key cannot write into the cooperative.
    expect((await post(w.coop.id, 'renovations', key.token, [])).status).toBe(404)
    const coopKey = await createApiKey(t.deps.db, {
      orgId: w.coop.id,
      name: 'erp',
      scopes: ['finance:write'],
      createdBy: null,
    })
    const plans = await post(w.coop.id, 'renovations', coopKey.token, [
      { externalId: 'P1', title: 'Katto', plannedYear: 2030, estimateCents: 100 },
    ])
    expect(plans.body.counts.created).toBe(1)
  })
})
