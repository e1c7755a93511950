import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../schema/api/search.ts'
import { formatReference } from '../../schema/finance/reference.ts'
import { unique } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addInvoice, dayOffset, financeWorld } from './testWorld.ts'

/**
 * Invoices in the global search (api/finance/invoiceSearch.ts): finance staff find them by
 * reference number, the ERP's invoice number and the payer; nobody else finds any, whatever
 * they type, and another cooperative's staff never find this one's.
 */
describe.each(ENGINES)('invoice search on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const invoiceHits = async (token: string, q: string, extra = '') => {
    const res = await client(t.app, token).get(`/api/search?q=${encodeURIComponent(q)}&types=invoice${extra}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as SearchResponse).results
  }

  async function world() {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const inv = await addInvoice(db, w.coop.id, w.a1, { dueDate: dayOffset(10) })
    const payer = unique('Maija Meikäläinen')
    const external = unique('ERP')
    await db
      .updateTable('finance_invoices')
      .set({ payer_name: payer, external_id: external })
      .where('id', '=', inv.id)
      .execute()
    // The same reference digits in another cooperative: its staff find theirs, never ours.
    const theirs = await addInvoice(db, w.away.coop.id, w.away.apartmentId, {
      dueDate: dayOffset(10),
      reference: inv.reference,
    })
    return { w, inv, payer, external, theirs }
  }

  it('finance staff find an invoice by reference (with spaces), invoice number and payer', async () => {
    const { w, inv, payer, external } = await world()
    for (const who of [w.accountant, w.board, w.auditor, w.manager]) {
      const byRef = await invoiceHits(who.token, formatReference(inv.reference))
      expect(byRef.map((r) => r.id)).toEqual([`invoice:${inv.id}`])
      expect(byRef[0]!.type).toBe('invoice')
      expect(byRef[0]!.url).toBe(`/org/${w.coop.id}/finance/apartments/${w.a1}?invoice=${inv.id}`)
      expect(byRef[0]!.snippet).toContain(`<mark>${formatReference(inv.reference)}</mark>`)
      expect((await invoiceHits(who.token, external)).map((r) => r.id)).toEqual([`invoice:${inv.id}`])
      const byPayer = await invoiceHits(who.token, payer.slice(0, 12).toLowerCase())
      expect(byPayer.map((r) => r.id)).toContain(`invoice:${inv.id}`)
    }
    // Without a type filter the invoice comes first, before anything from the index.
    const all = await client(t.app, w.accountant.token).get(`/api/search?q=${inv.reference}`)
    expect(((await all.json()) as SearchResponse).results[0]?.id).toBe(`invoice:${inv.id}`)
    // Invoices are not on later pages, nor under an author filter.
    expect(await invoiceHits(w.accountant.token, inv.reference, `&author=${w.accountant.id}`)).toEqual([])
  })

  it('owners, residents, maintenance, contractors and investors find no invoice, their own neither', async () => {
    const { w, inv, payer } = await world()
    for (const who of [w.owner, w.ownerRep, w.resident, w.maintenance, w.contractor, w.investor]) {
      expect(await invoiceHits(who.token, inv.reference)).toEqual([])
      expect(await invoiceHits(who.token, payer)).toEqual([])
    }
  })

  it("another cooperative's staff find only their own invoice with the same reference, and may not scope to ours", async () => {
    const { w, inv, theirs, payer, external } = await world()
    for (const who of [w.stranger, w.strangerAccountant]) {
      expect((await invoiceHits(who.token, inv.reference)).map((r) => r.id)).toEqual([`invoice:${theirs.id}`])
      expect(await invoiceHits(who.token, external)).toEqual([])
      expect(await invoiceHits(who.token, payer)).toEqual([])
      const scoped = await client(t.app, who.token).get(
        `/api/search?q=${inv.reference}&types=invoice&org=${w.coop.id}`,
      )
      expect(scoped.status).toBe(404)
    }
    // Our accountant, scoped to our cooperative, finds ours only.
    expect(
      (await invoiceHits(w.accountant.token, inv.reference, `&org=${w.coop.id}`)).map((r) => r.id),
    ).toEqual([`invoice:${inv.id}`])
  })

  it('takes the query literally: wildcards, forged highlights, too short, too long', async () => {
    const { w, inv } = await world()
    await t.deps.db
      .updateTable('finance_invoices')
      .set({ payer_name: 'Evil \u0001<script>\u0002 Oy' })
      .where('id', '=', inv.id)
      .execute()
    expect(await invoiceHits(w.accountant.token, '%%%')).toEqual([])
    expect(await invoiceHits(w.accountant.token, '___')).toEqual([])
    expect(await invoiceHits(w.accountant.token, 'ab')).toEqual([])
    const evil = await invoiceHits(w.accountant.token, inv.reference)
    expect(evil[0]!.snippet).toContain('&lt;script&gt;')
    expect(evil[0]!.snippet).not.toContain('<script>')
    expect(evil[0]!.snippet.match(/<mark>/g)).toHaveLength(1)
    const long = await client(t.app, w.accountant.token).get(`/api/search?q=${'1'.repeat(201)}&types=invoice`)
    expect(long.status).toBe(422)
  })
})
