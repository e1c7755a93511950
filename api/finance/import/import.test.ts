import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../../schema/api/financeImport.ts'
import { ENGINES, startTestApp, type TestContext } from '../../test/harness.ts'
import { client } from '../../test/http.ts'
import { dayOffset, type FinanceWorld, financeWorld, IBAN, nextReference } from '../testWorld.ts'

/** Raw requests as an ERP sends them: no cookie, no Origin, a bearer key. */
function erp(t: TestContext, token: string | undefined) {
  return (path: string, body: string | ReadableStream<Uint8Array>, type = 'application/x-ndjson') =>
    t.app.request(`http://localhost:3000${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit)
}

const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')

describe.each(ENGINES)('finance import API on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function key(w: FinanceWorld, scopes: string[] = ['finance:write'], name = 'ERP') {
    const res = await client(t.app, w.orgAdmin.token).post(`/api/finance/${w.coop.id}/api-keys`, {
      name,
      scopes,
    })
    expect(res.status).toBe(201)
    return (await res.json()) as { id: string; token: string }
  }

  const invoice = (over: Record<string, unknown> = {}) => ({
    externalId: `INV-${crypto.randomUUID().slice(0, 8)}`,
    apartment: 'A 1',
    kind: 'maintenance',
    period: '2026-03',
    amountCents: 25_430,
    issuedOn: '2026-02-20',
    dueDate: '2026-03-05',
    reference: nextReference(),
    iban: IBAN,
    payerName: 'Olli Omistaja',
    ...over,
  })

  it('API keys: the org admin creates one (token shown once), lists and revokes; nobody else', async () => {
    const w = await financeWorld(t.deps.db)
    const created = await key(w)
    expect(created.token).toMatch(/^kpk_/)
    const list = await (
      await client(t.app, w.orgAdmin.token).get(`/api/finance/${w.coop.id}/api-keys`)
    ).json()
    expect(JSON.stringify(list)).not.toContain(created.token.split('.')[1])
    expect(list.keys.map((k: { id: string }) => k.id)).toEqual([created.id])
    const stored = await t.deps.db
      .selectFrom('api_keys')
      .select('secret_hash')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow()
    expect(stored.secret_hash).toHaveLength(32)
    for (const who of [w.accountant, w.board]) {
      expect((await client(t.app, who.token).get(`/api/finance/${w.coop.id}/api-keys`)).status).toBe(403)
    }
    expect((await client(t.app, w.stranger.token).get(`/api/finance/${w.coop.id}/api-keys`)).status).toBe(404)
    const revoke = await client(t.app, w.orgAdmin.token).delete(
      `/api/finance/${w.coop.id}/api-keys/${created.id}`,
    )
    expect(revoke.status).toBe(200)
    const after = await erp(t, created.token)(`/api/import/${w.coop.id}/invoices`, ndjson([invoice()]))
    expect(after.status).toBe(401)
    expect(Object.keys(await after.json())).toEqual(['error'])
  })

  it('imports invoices: good rows written, bad rows refused with field paths, re-import unchanged, dry run writes nothing', async () => {
    const w = await financeWorld(t.deps.db)
    const { token } = await key(w)
    const send = erp(t, token)
    const good = [invoice(), invoice({ apartment: 'A 2', kind: 'water', amountCents: 3_120 })]
    const badReference = invoice({ reference: '1233' })
    const negative = invoice({ amountCents: -100 })
    const unknownApartment = invoice({ apartment: 'Z 99' })
    const duplicate = { ...invoice(), externalId: good[0]!.externalId }
    const rows = [good[0], badReference, negative, unknownApartment, duplicate, good[1]]
    const dry = await send(`/api/import/${w.coop.id}/invoices?dryRun=1`, ndjson(rows))
    expect(dry.status).toBe(200)
    const dryReport = (await dry.json()) as ImportReport
    expect(dryReport.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 4 })
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('finance_invoices')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('org_id', '=', w.coop.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count()).toBe(0)

    const res = await send(`/api/import/${w.coop.id}/invoices`, ndjson(rows))
    const report = (await res.json()) as ImportReport
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 4 })
    const byRow = Object.fromEntries(report.rows.map((r) => [r.row, r]))
    expect(byRow[1]).toMatchObject({ status: 'created', externalId: good[0]!.externalId })
    expect(byRow[2]).toMatchObject({
      status: 'refused',
      errors: [{ path: 'reference', message: expect.stringMatching(/check digit/) }],
    })
    expect(byRow[3]).toMatchObject({ status: 'refused', errors: [{ path: 'amountCents' }] })
    expect(byRow[4]).toMatchObject({
      status: 'refused',
      errors: [{ path: 'apartment', message: expect.stringMatching(/Z 99/) }],
    })
    expect(byRow[5]).toMatchObject({
      status: 'refused',
      errors: [{ path: 'externalId', message: 'Duplicate of row 1 in this file.' }],
    })
    expect(byRow[6]).toMatchObject({ status: 'created' })
    expect(await count()).toBe(2)

    const again = (await (
      await send(`/api/import/${w.coop.id}/invoices`, ndjson(good))
    ).json()) as ImportReport
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 0 })
    const changed = [{ ...good[0], amountCents: 26_000 }, good[1]]
    const third = (await (
      await send(`/api/import/${w.coop.id}/invoices`, ndjson(changed))
    ).json()) as ImportReport
    expect(third.counts).toEqual({ created: 0, updated: 1, unchanged: 1, refused: 0 })

    // Every call is audited with the key's name.
    const audits = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('org_id', '=', w.coop.id)
      .where('action', '=', 'import.invoices')
      .execute()
    expect(audits).toHaveLength(4)
    expect(audits.every((a) => (a.details as { keyName: string }).keyName === 'ERP')).toBe(true)
  })

  it('payments from a CSV are matched by reference; an invoice arriving later picks up its waiting payment', async () => {
    const w = await financeWorld(t.deps.db)
    const { token } = await key(w)
    const send = erp(t, token)
    const first = invoice({ dueDate: dayOffset(10), issuedOn: dayOffset(-5) })
    const later = invoice({ dueDate: dayOffset(10), issuedOn: dayOffset(-5) })
    expect((await send(`/api/import/${w.coop.id}/invoices`, ndjson([first]))).status).toBe(200)
    const csv = [
      'externalId,reference,amountCents,paidOn,payerName',
      `PAY-1,${first.reference},25430,${dayOffset(0)},Olli Omistaja`,
      `PAY-2,${later.reference},25430,${dayOffset(0)},Olli Omistaja`,
      `PAY-3,,-1,${dayOffset(0)},`,
    ].join('\r\n')
    const res = await send(`/api/import/${w.coop.id}/payments`, csv, 'text/csv')
    expect(res.status).toBe(200)
    const report = (await res.json()) as ImportReport
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 1 })
    expect(report.rows[2]).toMatchObject({ row: 3, status: 'refused', errors: [{ path: 'amountCents' }] })
    const unmatched = await (
      await client(t.app, w.accountant.token).get(`/api/finance/${w.coop.id}/payments/unmatched`)
    ).json()
    expect(unmatched.payments.map((p: { reference: string }) => p.reference)).toEqual([later.reference])
    expect((await send(`/api/import/${w.coop.id}/invoices`, ndjson([later]))).status).toBe(200)
    const mine = await (await client(t.app, w.owner.token).get(`/api/finance/${w.coop.id}/mine`)).json()
    expect(mine.apartments[0].invoices.map((i: { status: string }) => i.status)).toEqual(['paid', 'paid'])
  })

  it('budgets as a JSON array, actuals and supplier invoices linked to the partner company', async () => {
    const w = await financeWorld(t.deps.db)
    const { token } = await key(w)
    const send = erp(t, token)
    const budgets = [
      { externalId: 'B-2026-heat', fiscalYear: 2026, category: 'heating', amountCents: 1_200_000 },
      { externalId: 'B-2026-x', fiscalYear: 2026, category: 'nonsense', amountCents: 1 },
    ]
    const b = (await (
      await send(`/api/import/${w.coop.id}/budgets`, JSON.stringify(budgets), 'application/json')
    ).json()) as ImportReport
    expect(b.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 1 })
    expect(b.rows[1]!.errors![0]!.path).toBe('category')
    const a = await send(
      `/api/import/${w.coop.id}/actuals`,
      ndjson([
        {
          externalId: 'A-2026-01-heat',
          fiscalYear: 2026,
          month: 1,
          category: 'heating',
          amountCents: 150_000,
        },
      ]),
    )
    expect(((await a.json()) as ImportReport).counts.created).toBe(1)
    const s = await send(
      `/api/import/${w.coop.id}/supplier-invoices`,
      ndjson([
        {
          externalId: 'S-1',
          supplierName: 'Putki Oy',
          supplierBusinessId: w.supplier.businessId,
          category: 'repairs',
          amountCents: 99_000,
          issuedOn: '2026-01-10',
          dueDate: '2026-02-10',
        },
      ]),
    )
    expect(((await s.json()) as ImportReport).counts.created).toBe(1)
    const own = await (
      await client(t.app, w.contractor.token).get(`/api/finance/${w.supplier.id}/supplier-invoices`)
    ).json()
    expect(own.invoices).toHaveLength(1)
    const budget = await (
      await client(t.app, w.board.token).get(`/api/finance/${w.coop.id}/budget?year=2026`)
    ).json()
    expect(budget.lines[0]).toMatchObject({
      category: 'heating',
      budgetCents: 1_200_000,
      actualCents: 150_000,
    })
  })

  it('refuses the whole file when malformed, a wrong scope, another organisation, a session, an oversized body', async () => {
    const w = await financeWorld(t.deps.db)
    const { token } = await key(w)
    const send = erp(t, token)
    const malformed = await send(
      `/api/import/${w.coop.id}/invoices`,
      `${JSON.stringify(invoice())}\n{"externalId": oops`,
    )
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.message).toMatch(/line 2/)
    const notArray = await send(`/api/import/${w.coop.id}/invoices`, '{"externalId":"x"}', 'application/json')
    expect(notArray.status).toBe(400)
    const written = await t.deps.db
      .selectFrom('finance_invoices')
      .select('id')
      .where('org_id', '=', w.coop.id)
      .execute()
    expect(written).toEqual([])
    expect((await send(`/api/import/${w.coop.id}/invoices`, 'x', 'text/plain')).status).toBe(415)

    const readOnly = await key(w, ['read'], 'Reporting')
    const wrongScope = await erp(t, readOnly.token)(`/api/import/${w.coop.id}/invoices`, ndjson([invoice()]))
    expect(wrongScope.status).toBe(403)
    const summary = await t.app.request(`http://localhost:3000/api/import/${w.coop.id}/summary`, {
      headers: { authorization: `Bearer ${readOnly.token}` },
    })
    expect(summary.status).toBe(200)
    expect((await send(`/api/import/${w.away.coop.id}/invoices`, ndjson([invoice()]))).status).toBe(404)
    // A signed-in person's session is not an API key.
    expect(
      (await erp(t, w.orgAdmin.token)(`/api/import/${w.coop.id}/invoices`, ndjson([invoice()]))).status,
    ).toBe(401)
    expect((await erp(t, undefined)(`/api/import/${w.coop.id}/invoices`, ndjson([invoice()]))).status).toBe(
      401,
    )

    // Over 50,000 rows: refused whole (each row here would be refused anyway, the count decides).
    const tooMany = await send(`/api/import/${w.coop.id}/budgets`, '{}\n'.repeat(50_001))
    expect(tooMany.status).toBe(413)
    // Over the byte limit, streamed: refused when the limit passes, nothing written.
    const chunk = new TextEncoder().encode(`${JSON.stringify(invoice())}\n`.padEnd(1024 * 1024, ' '))
    let sent = 0
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 40) controller.close()
        else controller.enqueue(chunk)
      },
    })
    const oversized = await send(`/api/import/${w.coop.id}/invoices`, huge)
    expect(oversized.status).toBe(413)
    expect(sent).toBeLessThan(40)
    const after = await t.deps.db
      .selectFrom('finance_invoices')
      .select('id')
      .where('org_id', '=', w.coop.id)
      .execute()
    expect(after).toEqual([])
  })
  it('the accountant uploads the same CSV in the portal with a session; others may not', async () => {
    const w = await financeWorld(t.deps.db)
    const row = invoice()
    const csv = `${Object.keys(row).join(',')}\n${Object.values(row).join(',')}\n`
    const upload = (token: string) =>
      t.app.request(`http://localhost:3000/api/finance/${w.coop.id}/import/invoices`, {
        method: 'POST',
        headers: {
          origin: 'http://localhost:3000',
          cookie: `kp_session=${token}`,
          'content-type': 'text/csv',
        },
        body: csv,
      })
    expect((await upload(w.auditor.token)).status).toBe(403)
    expect((await upload(w.board.token)).status).toBe(403)
    expect((await upload(w.strangerAccountant.token)).status).toBe(404)
    const res = await upload(w.accountant.token)
    expect(res.status).toBe(200)
    expect(((await res.json()) as ImportReport).counts.created).toBe(1)
    const crossSite = await t.app.request(`http://localhost:3000/api/finance/${w.coop.id}/import/invoices`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        cookie: `kp_session=${w.accountant.token}`,
        'content-type': 'text/csv',
      },
      body: csv,
    })
    expect(crossSite.status).toBe(403)
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('org_id', '=', w.coop.id)
      .where('action', '=', 'import.invoices')
      .execute()
    expect(audited).toEqual([{ action: 'import.invoices', actor_id: w.accountant.id }])
  })
})
