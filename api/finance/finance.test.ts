import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApartmentFinance, MyFinancesResponse, OverdueResponse } from '../../schema/api/finance.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addInvoice, addSupplierInvoice, dayOffset, financeWorld } from './testWorld.ts'

describe.each(ENGINES)('finance API on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('an owner sees the invoices, statuses and balance of the apartment they hold, and nothing else', async () => {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const overdue = await addInvoice(db, w.coop.id, w.a1, { dueDate: dayOffset(-45), amountCents: 20_000 })
    const open = await addInvoice(db, w.coop.id, w.a1, { dueDate: dayOffset(10), amountCents: 25_000 })
    await addInvoice(db, w.coop.id, w.a2, { dueDate: dayOffset(-5), amountCents: 99_900 })
    const accountant = client(t.app, w.accountant.token)
    const pay = await accountant.post(`/api/finance/${w.coop.id}/payments`, {
      reference: open.reference,
      amountCents: 10_000,
      paidOn: dayOffset(0),
    })
    expect(pay.status).toBe(201)

    for (const who of [w.owner, w.ownerRep]) {
      const res = await client(t.app, who.token).get(`/api/finance/${w.coop.id}/mine`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as MyFinancesResponse
      expect(body.apartments.map((a) => a.apartment.id)).toEqual([w.a1])
      const statuses = Object.fromEntries(body.apartments[0]!.invoices.map((i) => [i.id, i.status]))
      expect(statuses).toEqual({ [overdue.id]: 'overdue', [open.id]: 'partly_paid' })
      expect(body.apartments[0]!.balanceCents).toBe(20_000 + 25_000 - 10_000)
    }
    // Balance as of a date before the open invoice was issued (14 days before its due date).
    const past = (await (
      await client(t.app, w.owner.token).get(
        `/api/finance/${w.coop.id}/apartments/${w.a1}?asOf=${dayOffset(-5)}`,
      )
    ).json()) as ApartmentFinance
    expect(past.balanceCents).toBe(20_000)
    // Another apartment, a resident, another cooperative's people: nothing.
    expect(
      (await client(t.app, w.owner.token).get(`/api/finance/${w.coop.id}/apartments/${w.a2}`)).status,
    ).toBe(404)
    expect((await client(t.app, w.resident.token).get(`/api/finance/${w.coop.id}/mine`)).status).toBe(403)
    expect(
      (await client(t.app, w.resident.token).get(`/api/finance/${w.coop.id}/apartments/${w.a1}`)).status,
    ).toBe(404)
    expect((await client(t.app, w.stranger.token).get(`/api/finance/${w.coop.id}/mine`)).status).toBe(404)
    expect(
      (await client(t.app, w.stranger.token).get(`/api/finance/${w.coop.id}/apartments/${w.a1}`)).status,
    ).toBe(404)
  })

  it('an investor sees the apartments the portfolio holds, through the portfolio and the cooperative', async () => {
    const w = await financeWorld(t.deps.db)
    await addInvoice(t.deps.db, w.coop.id, w.a2, { dueDate: dayOffset(5) })
    const investor = client(t.app, w.investor.token)
    const mine = (await (
      await investor.get(`/api/finance/${w.portfolio.id}/mine`)
    ).json()) as MyFinancesResponse
    expect(mine.apartments.map((a) => a.apartment.id)).toEqual([w.a2])
    expect(mine.apartments[0]!.invoices).toHaveLength(1)
    expect((await investor.get(`/api/finance/${w.coop.id}/apartments/${w.a2}`)).status).toBe(200)
    expect((await investor.get(`/api/finance/${w.coop.id}/apartments/${w.a1}`)).status).toBe(404)
    expect((await investor.get(`/api/finance/${w.coop.id}/overdue`)).status).toBe(404)
  })

  it('cooperative finance: overdue with ageing buckets and budget vs actual for board, manager, accountant, auditor', async () => {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    await addInvoice(db, w.coop.id, w.a1, { dueDate: dayOffset(-10), amountCents: 100 })
    await addInvoice(db, w.coop.id, w.a1, { dueDate: dayOffset(-40), amountCents: 200 })
    await addInvoice(db, w.coop.id, w.a2, { dueDate: dayOffset(-75), amountCents: 300 })
    await addInvoice(db, w.coop.id, w.a2, { dueDate: dayOffset(-200), amountCents: 400 })
    await addInvoice(db, w.coop.id, w.a2, { dueDate: dayOffset(3), amountCents: 500 })
    await db
      .insertInto('finance_budgets')
      .values([
        {
          org_id: w.coop.id,
          external_id: 'B1',
          fiscal_year: 2026,
          category: 'heating',
          amount_cents: 120_000,
        },
        { org_id: w.coop.id, external_id: 'B2', fiscal_year: 2026, category: 'water', amount_cents: 50_000 },
      ])
      .execute()
    await db
      .insertInto('finance_actuals')
      .values([
        {
          org_id: w.coop.id,
          external_id: 'A1',
          fiscal_year: 2026,
          month: 1,
          category: 'heating',
          amount_cents: 15_000,
        },
        {
          org_id: w.coop.id,
          external_id: 'A2',
          fiscal_year: 2026,
          month: 2,
          category: 'heating',
          amount_cents: 14_000,
        },
      ])
      .execute()
    for (const who of [w.board, w.manager, w.accountant, w.auditor]) {
      const res = await client(t.app, who.token).get(`/api/finance/${w.coop.id}/overdue`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as OverdueResponse
      expect(body.buckets).toEqual({
        d0_30: { count: 1, openCents: 100 },
        d31_60: { count: 1, openCents: 200 },
        d61_90: { count: 1, openCents: 300 },
        d90_plus: { count: 1, openCents: 400 },
      })
      expect(body.items.map((i) => i.openCents)).toEqual([400, 300, 200, 100])
    }
    const budget = await (
      await client(t.app, w.board.token).get(`/api/finance/${w.coop.id}/budget?year=2026`)
    ).json()
    expect(budget.lines).toEqual([
      expect.objectContaining({
        category: 'heating',
        budgetCents: 120_000,
        actualCents: 29_000,
        differenceCents: -91_000,
      }),
      expect.objectContaining({ category: 'water', budgetCents: 50_000, actualCents: 0 }),
    ])
    for (const who of [w.owner, w.resident, w.maintenance]) {
      expect((await client(t.app, who.token).get(`/api/finance/${w.coop.id}/overdue`)).status).toBe(403)
      expect((await client(t.app, who.token).get(`/api/finance/${w.coop.id}/budget`)).status).toBe(403)
    }
    for (const who of [w.stranger, w.strangerAccountant, w.contractor]) {
      expect((await client(t.app, who.token).get(`/api/finance/${w.coop.id}/overdue`)).status).toBe(404)
    }
  })

  it('supplier invoices: the board approves (audited), the auditor reads, the contractor sees its own', async () => {
    const w = await financeWorld(t.deps.db)
    const mine = await addSupplierInvoice(t.deps.db, w.coop.id, w.supplier.id)
    await addSupplierInvoice(t.deps.db, w.coop.id, null)
    const decide = (token: string, decision: string) =>
      client(t.app, token).post(`/api/finance/${w.coop.id}/supplier-invoices/${mine.id}/decision`, {
        decision,
        note: 'OK',
      })
    expect((await decide(w.accountant.token, 'approve')).status).toBe(403)
    expect((await decide(w.auditor.token, 'approve')).status).toBe(403)
    expect((await decide(w.stranger.token, 'approve')).status).toBe(404)
    expect((await decide(w.board.token, 'approve')).status).toBe(200)
    expect((await decide(w.board.token, 'reject')).status).toBe(409)
    const logged = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('org_id', '=', w.coop.id)
      .where('target_id', '=', mine.id)
      .execute()
    expect(logged).toEqual([{ action: 'finance.supplier_invoice.approve', actor_id: w.board.id }])

    const list = await (
      await client(t.app, w.auditor.token).get(`/api/finance/${w.coop.id}/supplier-invoices`)
    ).json()
    expect(list.invoices).toHaveLength(2)
    const own = await (
      await client(t.app, w.contractor.token).get(`/api/finance/${w.supplier.id}/supplier-invoices`)
    ).json()
    expect(own.invoices.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [mine.id, 'approved'],
    ])
    expect(
      (await client(t.app, w.contractor.token).get(`/api/finance/${w.coop.id}/supplier-invoices`)).status,
    ).toBe(404)
    const other = await client(t.app, w.otherContractor.token).get(
      `/api/finance/${w.supplier.id}/supplier-invoices`,
    )
    expect(other.status).toBe(404)
    expect(
      (await client(t.app, w.owner.token).get(`/api/finance/${w.coop.id}/supplier-invoices`)).status,
    ).toBe(403)
  })

  it('manual payments, matching and credits: accountant and manager; bad input is a 422 that changes nothing', async () => {
    const w = await financeWorld(t.deps.db)
    const inv = await addInvoice(t.deps.db, w.coop.id, w.a1, { dueDate: dayOffset(-3), amountCents: 30_000 })
    const path = `/api/finance/${w.coop.id}/payments`
    const bad = await client(t.app, w.accountant.token).post(path, {
      reference: `${inv.reference.slice(0, -1)}${(Number(inv.reference.slice(-1)) + 1) % 10}`,
      amountCents: 100,
      paidOn: dayOffset(0),
    })
    expect(bad.status).toBe(422)
    expect((await bad.json()).error.message).toMatch(/reference/)
    const negative = await client(t.app, w.accountant.token).post(path, {
      reference: inv.reference,
      amountCents: -5,
      paidOn: dayOffset(0),
    })
    expect(negative.status).toBe(422)
    expect(
      (
        await client(t.app, w.auditor.token).post(path, {
          reference: inv.reference,
          amountCents: 1,
          paidOn: dayOffset(0),
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await client(t.app, w.board.token).post(path, {
          reference: inv.reference,
          amountCents: 1,
          paidOn: dayOffset(0),
        })
      ).status,
    ).toBe(403)

    // A payment with a reference no invoice carries waits as unmatched until matched by hand.
    const waiting = await client(t.app, w.manager.token).post(path, {
      reference: '1232',
      amountCents: 20_000,
      paidOn: dayOffset(0),
      payerName: 'O. Omistaja',
    })
    expect(waiting.status).toBe(201)
    const { id: paymentId } = await waiting.json()
    const unmatched = await (await client(t.app, w.accountant.token).get(`${path}/unmatched`)).json()
    expect(unmatched.payments.map((p: { id: string }) => p.id)).toEqual([paymentId])
    const match = await client(t.app, w.accountant.token).post(`${path}/${paymentId}/match`, {
      invoiceId: inv.id,
    })
    expect(match.status).toBe(200)
    const credit = await client(t.app, w.accountant.token).post(
      `/api/finance/${w.coop.id}/invoices/${inv.id}/credits`,
      {
        amountCents: 10_000,
        reason: 'Water meter corrected',
      },
    )
    expect(credit.status).toBe(201)
    const tooMuch = await client(t.app, w.accountant.token).post(
      `/api/finance/${w.coop.id}/invoices/${inv.id}/credits`,
      {
        amountCents: 20_001,
        reason: 'Too much',
      },
    )
    expect(tooMuch.status).toBe(422)
    const seen = (await (
      await client(t.app, w.owner.token).get(`/api/finance/${w.coop.id}/apartments/${w.a1}`)
    ).json()) as ApartmentFinance
    expect(seen.invoices[0]).toMatchObject({
      status: 'paid',
      paidCents: 20_000,
      creditedCents: 10_000,
      openCents: 0,
    })
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', w.coop.id)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'finance.payment.record',
      'finance.payment.match',
      'finance.credit.record',
    ])
  })

  it('an invoice PDF for whoever reads the apartment, 404 for anyone else', async () => {
    const w = await financeWorld(t.deps.db)
    const inv = await addInvoice(t.deps.db, w.coop.id, w.a1, { dueDate: dayOffset(5) })
    const path = `/api/finance/${w.coop.id}/invoices/${inv.id}/pdf?lang=fi`
    const res = await client(t.app, w.owner.token).get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    for (const who of [w.owner2, w.resident, w.stranger]) {
      expect((await client(t.app, who.token).get(path)).status).toBe(404)
    }
    expect((await client(t.app, w.auditor.token).get(path)).status).toBe(200)
  })
})
