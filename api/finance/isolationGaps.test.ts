import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../server/db/connect.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addInvoice, addSupplierInvoice, dayOffset, financeWorld } from './testWorld.ts'

/**
 * Tenant isolation of the finance endpoints the matrix in api/orgs/isolation.test.ts reaches only
 * through a path variable: the caller's finance abilities, matching a payment by hand and a partner
 * company's invoice recipients. Another organisation's user gets 404 with nothing but the error,
 * a member without the role 403 (as authorizeFinance answers), the role 2xx; and what is refused
 * changes nothing.
 */
async function addPayment(db: DB, orgId: string) {
  return db
    .insertInto('finance_payments')
    .values({
      org_id: orgId,
      external_id: null,
      reference: '1232',
      amount_cents: 100,
      paid_on: dayOffset(0),
      invoice_id: null,
      source: 'manual',
      recorded_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

const matchedTo = async (db: DB, paymentId: string) =>
  (
    await db
      .selectFrom('finance_payments')
      .select('invoice_id')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow()
  ).invoice_id

describe.each(ENGINES)('finance isolation gaps on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function expectHidden(token: string, method: string, path: string, body?: unknown) {
    const res = await client(t.app, token).send(method, path, body)
    expect(res.status, `${method} ${path}`).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
  }

  it('abilities: another organisation 404 with only the error; a member reads their own, the staff more', async () => {
    const w = await financeWorld(t.deps.db)
    const org = w.coop.id
    for (const who of [w.stranger, w.strangerAccountant, w.contractor, w.investor])
      await expectHidden(who.token, 'GET', `/api/finance/${org}/abilities`)
    // Every member may ask what they may do; a resident may do nothing (there is no 403 here).
    const resident = await client(t.app, w.resident.token).get(`/api/finance/${org}/abilities`)
    expect(resident.status).toBe(200)
    expect(await resident.json()).toEqual({ read: false, record: false, approve: false, manageKeys: false })
    const accountant = await client(t.app, w.accountant.token).get(`/api/finance/${org}/abilities`)
    expect(accountant.status).toBe(200)
    expect(await accountant.json()).toMatchObject({ read: true, record: true })
    // The stranger asking about their own cooperative learns nothing of this one.
    const own = await client(t.app, w.stranger.token).get(`/api/finance/${w.away.coop.id}/abilities`)
    expect(own.status).toBe(200)
  })

  it('matching a payment: another organisation 404, without the role 403, the manager 200; refusals match nothing', async () => {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const org = w.coop.id
    const inv = await addInvoice(db, org, w.a1, { dueDate: dayOffset(-5) })
    const payment = await addPayment(db, org)
    const body = { invoiceId: inv.id }
    for (const who of [w.stranger, w.strangerAccountant, w.investor, w.contractor])
      await expectHidden(who.token, 'POST', `/api/finance/${org}/payments/${payment.id}/match`, body)
    for (const who of [w.board, w.auditor, w.owner, w.resident]) {
      const res = await client(t.app, who.token).post(
        `/api/finance/${org}/payments/${payment.id}/match`,
        body,
      )
      expect(res.status, 'match without the role').toBe(403)
    }
    // The other cooperative's accountant names this payment under their own cooperative: not there.
    await expectHidden(
      w.strangerAccountant.token,
      'POST',
      `/api/finance/${w.away.coop.id}/payments/${payment.id}/match`,
      body,
    )
    // This cooperative's manager cannot reach the other's payment, nor match to its invoice.
    const awayPayment = await addPayment(db, w.away.coop.id)
    await expectHidden(w.manager.token, 'POST', `/api/finance/${org}/payments/${awayPayment.id}/match`, body)
    const awayInvoice = await addInvoice(db, w.away.coop.id, w.away.apartmentId, { dueDate: dayOffset(-5) })
    const forged = await client(t.app, w.manager.token).post(
      `/api/finance/${org}/payments/${payment.id}/match`,
      {
        invoiceId: awayInvoice.id,
      },
    )
    expect(forged.status).toBe(422)
    expect(await matchedTo(db, payment.id)).toBeNull()
    expect(await matchedTo(db, awayPayment.id)).toBeNull()

    const ok = await client(t.app, w.manager.token).post(
      `/api/finance/${org}/payments/${payment.id}/match`,
      body,
    )
    expect(ok.status).toBe(200)
    expect(await matchedTo(db, payment.id)).toBe(inv.id)
    const audited = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', payment.id)
      .execute()
    expect(audited).toEqual([{ action: 'finance.payment.match', actor_id: w.manager.id }])
  })

  it("supplier-invoice recipients: another company's contractor and the cooperative's people 404, staff without the role 403", async () => {
    const w = await financeWorld(t.deps.db)
    const company = w.supplier.id
    // The company works with the cooperative (an earlier invoice of theirs).
    await addSupplierInvoice(t.deps.db, w.coop.id, company)
    for (const who of [w.stranger, w.strangerAccountant, w.otherContractor, w.board, w.accountant, w.owner])
      await expectHidden(who.token, 'GET', `/api/finance/${company}/supplier-invoices/recipients`)
    const staff = await client(t.app, w.supplierStaff.token).get(
      `/api/finance/${company}/supplier-invoices/recipients`,
    )
    expect(staff.status).toBe(403)
    const res = await client(t.app, w.contractor.token).get(
      `/api/finance/${company}/supplier-invoices/recipients`,
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ cooperatives: [{ id: w.coop.id, name: w.coop.name }] })
    // Another company's contractor asking of their own company hears nothing of this cooperative.
    const other = (
      await t.deps.db
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', w.otherContractor.id)
        .executeTakeFirstOrThrow()
    ).org_id
    const theirs = await client(t.app, w.otherContractor.token).get(
      `/api/finance/${other}/supplier-invoices/recipients`,
    )
    expect(theirs.status).toBe(200)
    expect(await theirs.json()).toEqual({ cooperatives: [] })
  })
})
