import { describe, expect, it, vi } from 'vitest'
import { addInvoice, dayOffset, financeWorld } from '../api/finance/testWorld.ts'
import { client } from '../api/test/http.ts'
import { notifyDrained } from '../collab-server/notifications/testInbox.ts'
import { ENGINES, useCollabServer } from '../collab-server/test/harness.ts'
import { apiBeside, inboxItemsOf } from './apiBeside.ts'

/**
 * "Invoice paid" reaches the apartment's owner and owner's representative in the cooperative and
 * the investor holding it in the portfolio, live through the notifier; never the resident, the
 * other apartment's owner, or anyone for a payment that did not settle the invoice.
 */
describe.each(ENGINES)('invoice paid notices on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  const app = () => apiBeside(suite)

  const paidItems = (userId: string) => inboxItemsOf(db(), userId, 'invoice_paid')

  it('tells the owners and the holding investor when an invoice becomes paid, and nobody else', async () => {
    const w = await financeWorld(db())
    const api = app()
    const own = await addInvoice(db(), w.coop.id, w.a1, { dueDate: dayOffset(5), amountCents: 30_000 })
    const held = await addInvoice(db(), w.coop.id, w.a2, { dueDate: dayOffset(5), amountCents: 10_000 })
    const pay = (reference: string, amountCents: number) =>
      client(api, w.accountant.token).post(`/api/finance/${w.coop.id}/payments`, {
        reference,
        amountCents,
        paidOn: dayOffset(0),
      })
    // A part payment settles nothing: no row, no notice.
    expect((await pay(own.reference, 10_000)).status).toBe(201)
    expect((await pay(own.reference, 20_000)).status).toBe(201)
    expect((await pay(held.reference, 10_000)).status).toBe(201)
    await vi.waitFor(async () => expect(await notifyDrained(db(), [own.id, held.id])).toBe(0), {
      timeout: 15_000,
    })
    await vi.waitFor(async () => expect(await paidItems(w.owner.id)).toHaveLength(1), { timeout: 15_000 })
    expect((await paidItems(w.owner.id))[0]).toMatchObject({
      kind: 'invoice_paid',
      orgId: w.coop.id,
      link: `/org/${w.coop.id}/finance/mine`,
      title: 'A 1',
    })
    expect(await paidItems(w.ownerRep.id)).toHaveLength(1)
    const investor = await paidItems(w.investor.id)
    expect(investor).toMatchObject([
      { title: 'A 2', orgId: w.portfolio.id, link: `/org/${w.portfolio.id}/finance/mine` },
    ])
    expect(await paidItems(w.owner2.id)).toHaveLength(1)
    for (const nobody of [w.resident, w.board, w.accountant, w.stranger]) {
      expect(await paidItems(nobody.id)).toEqual([])
    }
    const rows = await db()
      .selectFrom('outbox')
      .select('entity_id')
      .where('topic', '=', 'notify')
      .where('entity_id', 'in', [own.id, held.id])
      .execute()
    expect(rows).toHaveLength(2)
  })
})
