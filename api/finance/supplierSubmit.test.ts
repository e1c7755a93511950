import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupplierInvoiceItem, SupplierRecipient } from '../../schema/api/finance.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addSupplierInvoice, dayOffset, financeWorld } from './testWorld.ts'

/**
 * A contractor sends its company's invoice to a cooperative it works with and follows it to the
 * board's decision (api/finance/supplierSubmitRoutes.ts); nobody else sends in its name, and a
 * cooperative it does not work with does not exist for it.
 */
describe.each(ENGINES)('supplier invoices sent by contractors on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const invoice = (cooperativeId: string, extra: object = {}) => ({
    cooperativeId,
    invoiceNumber: `N-${crypto.randomUUID().slice(0, 8)}`,
    description: 'Riser valve replaced, stair B',
    category: 'repairs',
    amountCents: 48_360,
    vatCents: 9_360,
    issuedOn: dayOffset(0),
    dueDate: dayOffset(14),
    ...extra,
  })

  /** A board with one card delegated to the company: the cooperative works with it. */
  async function delegateCard(orgId: string, companyId: string) {
    const board = await t.deps.db
      .insertInto('boards')
      .values({ org_id: orgId, title: 'Repairs', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.deps.db
      .insertInto('tasks')
      .values({
        org_id: orgId,
        board_id: board.id,
        card_id: crypto.randomUUID(),
        title: 'Riser valves',
        delegated_org_id: companyId,
      })
      .execute()
  }

  it('the cooperatives it works with, by a delegated card or an earlier invoice; the invoice reaches the board and back', async () => {
    const w = await financeWorld(t.deps.db)
    const contractor = client(t.app, w.contractor.token)
    const company = `/api/finance/${w.supplier.id}`
    const recipients = async () =>
      (
        (await (await contractor.get(`${company}/supplier-invoices/recipients`)).json()) as {
          cooperatives: SupplierRecipient[]
        }
      ).cooperatives.map((c) => c.id)
    // Not yet working together: no recipient, and sending is a 404.
    expect(await recipients()).toEqual([])
    expect((await contractor.post(`${company}/supplier-invoices`, invoice(w.coop.id))).status).toBe(404)
    await delegateCard(w.coop.id, w.supplier.id)
    expect(await recipients()).toEqual([w.coop.id])
    // Another company's card elsewhere does not count.
    await delegateCard(w.away.coop.id, await addOtherCompany())
    expect(await recipients()).toEqual([w.coop.id])

    const body = invoice(w.coop.id)
    const sent = await contractor.post(`${company}/supplier-invoices`, body)
    expect(sent.status).toBe(201)
    const { id } = (await sent.json()) as { id: string }
    // The same number again: 409, one row.
    expect((await contractor.post(`${company}/supplier-invoices`, body)).status).toBe(409)
    const mine = async () =>
      (
        (await (await contractor.get(`${company}/supplier-invoices`)).json()) as {
          invoices: SupplierInvoiceItem[]
        }
      ).invoices.filter((i) => i.id === id)
    expect((await mine()).map((i) => [i.status, i.amountCents, i.invoiceNumber])).toEqual([
      ['pending', 48_360, body.invoiceNumber],
    ])
    const board = client(t.app, w.board.token)
    const coopList = (await (await board.get(`/api/finance/${w.coop.id}/supplier-invoices`)).json()) as {
      invoices: SupplierInvoiceItem[]
    }
    const row = coopList.invoices.find((i) => i.id === id)
    expect(row?.supplierBusinessId).toBe(w.supplier.businessId)
    expect(
      (
        await board.post(`/api/finance/${w.coop.id}/supplier-invoices/${id}/decision`, {
          decision: 'approve',
          note: 'OK',
        })
      ).status,
    ).toBe(200)
    expect((await mine())[0]?.status).toBe('approved')
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', id)
      .orderBy('at')
      .execute()
    expect(audited.map((a) => a.action)).toEqual([
      'finance.supplier_invoice.submit',
      'finance.supplier_invoice.approve',
    ])
    expect(audited[0]?.actor_id).toBe(w.contractor.id)

    async function addOtherCompany() {
      const other = await t.deps.db
        .insertInto('organisations')
        .values({ kind: 'partner_company', name: 'Muu Oy', business_id: null, managed_by: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      return other.id
    }
  })

  it('others: another company, its non-contractor staff, the cooperative people, outsiders; forged ids', async () => {
    const w = await financeWorld(t.deps.db)
    await addSupplierInvoice(t.deps.db, w.coop.id, w.supplier.id)
    const company = `/api/finance/${w.supplier.id}`
    const send = (token: string, path: string, body: object) => client(t.app, token).post(path, body)
    expect(
      (await send(w.supplierStaff.token, `${company}/supplier-invoices`, invoice(w.coop.id))).status,
    ).toBe(403)
    for (const who of [w.otherContractor, w.board, w.accountant, w.owner, w.stranger]) {
      expect((await send(who.token, `${company}/supplier-invoices`, invoice(w.coop.id))).status).toBe(404)
    }
    // The other company's contractor, in its own company's name: the cooperative is not its partner.
    const other = (
      await t.deps.db
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', w.otherContractor.id)
        .executeTakeFirstOrThrow()
    ).org_id
    expect(
      (await send(w.otherContractor.token, `/api/finance/${other}/supplier-invoices`, invoice(w.coop.id)))
        .status,
    ).toBe(404)
    const contractor = w.contractor.token
    // A cooperative it does not work with, a made-up id, the company itself, a non-uuid.
    for (const cooperativeId of [w.away.coop.id, crypto.randomUUID(), w.supplier.id]) {
      expect((await send(contractor, `${company}/supplier-invoices`, invoice(cooperativeId))).status).toBe(
        404,
      )
    }
    expect((await send(contractor, `${company}/supplier-invoices`, invoice('x'))).status).toBe(422)
    // The cooperative as the URL's organisation: not a partner company, 404.
    expect(
      (await send(contractor, `/api/finance/${w.coop.id}/supplier-invoices`, invoice(w.coop.id))).status,
    ).toBe(404)
  })

  it('bad input: negative or fractional amounts, VAT above the amount, due before issue, oversize, unknown fields', async () => {
    const w = await financeWorld(t.deps.db)
    await addSupplierInvoice(t.deps.db, w.coop.id, w.supplier.id)
    const path = `/api/finance/${w.supplier.id}/supplier-invoices`
    const bad = [
      { amountCents: -100 },
      { amountCents: 10.5 },
      { amountCents: '100' },
      { vatCents: 50_000 },
      { vatCents: -1 },
      { dueDate: dayOffset(-1) },
      { issuedOn: '2026-02-30' },
      { category: 'champagne' },
      { invoiceNumber: '' },
      { invoiceNumber: 'x'.repeat(101) },
      { description: 'x'.repeat(1001) },
      { supplierOrgId: w.otherContractor.id },
    ]
    for (const extra of bad) {
      const res = await client(t.app, w.contractor.token).post(path, invoice(w.coop.id, extra))
      expect(res.status, JSON.stringify(extra)).toBe(422)
      expect(Object.keys(await res.json())).toEqual(['error'])
    }
    const count = await t.deps.db
      .selectFrom('finance_supplier_invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', w.coop.id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(1)
  })
})
