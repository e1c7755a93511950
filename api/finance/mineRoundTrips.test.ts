import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApartmentFinance, MyFinancesResponse } from '../../schema/api/finance.ts'
import type { DB } from '../../server/db/connect.ts'
import { addMembership, managedCooperative } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { countingApp } from '../test/statements.ts'
import { addInvoice, dayOffset, financeWorld } from './testWorld.ts'

/**
 * Issue 19: "my finances" costs a fixed number of statements whatever the number of apartments
 * (it took five per apartment and one per cooperative and portfolio lookup before: an N+1 for a
 * portfolio holding many apartments), and each apartment is the answer the apartment page gives.
 * Statements are counted on the real database (api/test/statements.ts).
 */
describe.each(ENGINES)('my finances round trips on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  /** An apartment with an invoice, a payment towards it and a loan share. */
  async function apartmentWithFinance(db: DB, orgId: string, buildingId: string, number: string) {
    const { id } = await db
      .insertInto('apartments')
      .values({
        org_id: orgId,
        building_id: buildingId,
        staircase_id: null,
        number,
        area_m2: 50,
        share_count: 500,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const invoice = await addInvoice(db, orgId, id, { dueDate: dayOffset(-20), amountCents: 30_000 })
    await addInvoice(db, orgId, id, { dueDate: dayOffset(10), amountCents: 31_000 })
    await db
      .insertInto('finance_payments')
      .values({
        org_id: orgId,
        amount_cents: 5_000,
        paid_on: dayOffset(-1),
        invoice_id: invoice.id,
        source: 'manual',
        reference: invoice.reference,
      })
      .execute()
    await db
      .insertInto('finance_loan_shares')
      .values({
        org_id: orgId,
        apartment_id: id,
        external_id: `L-${id}`,
        loan_name: 'Putkiremontti',
        original_cents: 900_000,
        remaining_cents: 450_000,
      })
      .execute()
    return id
  }

  it("answers a portfolio's and an owner's apartments in the same statements whatever their number", async () => {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    await addInvoice(db, w.coop.id, w.a2, { dueDate: dayOffset(5) })
    const api = countingApp(t)
    const mine = (token: string, orgId: string) =>
      api.get<MyFinancesResponse>(token, `/api/finance/${orgId}/mine`)

    // The portfolio holds one apartment.
    const one = await mine(w.investor.token, w.portfolio.id)
    expect(one.body.apartments.map((a) => a.apartment.id)).toEqual([w.a2])
    // Its holdings with their cooperatives, the portfolios holding them, and four for the finances
    // (the portfolio's own row comes from the session cache).
    expect(one.statements).toBe(6)

    // Four more in this cooperative and three in another one.
    const place = (await db
      .selectFrom('apartments')
      .select('building_id')
      .where('id', '=', w.a2)
      .executeTakeFirstOrThrow()) as { building_id: string }
    const other = await managedCooperative(db)
    await db
      .insertInto('portfolio_holdings')
      .values({ org_id: w.portfolio.id, cooperative_id: other.coop.id })
      .execute()
    const more = [
      ...(
        await Promise.all(
          ['B 1', 'B 2', 'B 3', 'B 4'].map((n) => apartmentWithFinance(db, w.coop.id, place.building_id, n)),
        )
      ).map((apartmentId) => ({ coop: w.coop.id, apartmentId })),
      ...(
        await Promise.all(
          ['C 1', 'C 2', 'C 3'].map((n) => apartmentWithFinance(db, other.coop.id, other.buildingId, n)),
        )
      ).map((apartmentId) => ({ coop: other.coop.id, apartmentId })),
    ]
    await db
      .insertInto('portfolio_apartments')
      .values(
        more.map((m) => ({ org_id: w.portfolio.id, cooperative_id: m.coop, apartment_id: m.apartmentId })),
      )
      .execute()

    const eight = await mine(w.investor.token, w.portfolio.id)
    expect(eight.statements).toBe(one.statements)
    expect(eight.body.apartments.map((a) => a.apartment.number)).toEqual([
      'A 2',
      'B 1',
      'B 2',
      'B 3',
      'B 4',
      'C 1',
      'C 2',
      'C 3',
    ])
    // Each apartment as its own page shows it to the investor: invoices, payments, balance, loans.
    for (const a of eight.body.apartments) {
      const page = await client(t.app, w.investor.token).get(
        `/api/finance/${a.apartment.orgId}/apartments/${a.apartment.id}`,
      )
      expect(page.status).toBe(200)
      expect(a).toEqual((await page.json()) as ApartmentFinance)
    }
    const b1 = eight.body.apartments[1]!
    expect([b1.invoices.length, b1.payments.length, b1.loanShares.length, b1.balanceCents]).toEqual([
      2,
      1,
      1,
      // Both invoices are issued by now (14 days before their due dates), less the payment.
      30_000 + 31_000 - 5_000,
    ])

    // An owner of one apartment, then of three: the same statements (their apartments come from
    // their memberships, so one fewer than the portfolio's).
    const ownerOne = await mine(w.owner2.token, w.coop.id)
    expect(ownerOne.body.apartments.map((a) => a.apartment.id)).toEqual([w.a2])
    expect(ownerOne.statements).toBe(5)
    for (const m of more.slice(0, 2))
      await addMembership(db, w.coop.id, w.owner2.id, 'owner', {
        buildingId: place.building_id,
        apartmentId: m.apartmentId,
      })
    // A fresh app: the memberships were added behind the API, so its session cache never heard.
    const ownerThree = await countingApp(t).get<MyFinancesResponse>(
      w.owner2.token,
      `/api/finance/${w.coop.id}/mine`,
    )
    expect(ownerThree.body.apartments.map((a) => a.apartment.number)).toEqual(['A 2', 'B 1', 'B 2'])
    expect(ownerThree.statements).toBe(ownerOne.statements)
  })
})
