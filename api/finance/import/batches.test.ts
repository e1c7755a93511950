import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../../schema/api/financeImport.ts'
import { ENGINES, startTestApp, type TestContext } from '../../test/harness.ts'
import { client } from '../../test/http.ts'
import { financeWorld, IBAN, nextReference } from '../testWorld.ts'
import { BATCH_SIZE } from './engine.ts'

/**
 * Files longer than one batch: the import writes a batch while it reads the next (engine.ts), so
 * the rules that span the file (a reference or an externalId used twice, a malformed line after
 * rows already written) must hold across batches, and the report must still list rows in order.
 */
describe.each(ENGINES)('finance import across batches on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function setup() {
    const w = await financeWorld(t.deps.db)
    const res = await client(t.app, w.orgAdmin.token).post(`/api/finance/${w.coop.id}/api-keys`, {
      name: 'ERP batches',
      scopes: ['finance:write'],
    })
    expect(res.status).toBe(201)
    const { token } = (await res.json()) as { token: string }
    const send = (body: string, query = '') =>
      t.app.request(`http://localhost:3000/api/import/${w.coop.id}/invoices${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
        body,
      })
    const count = async () =>
      (await t.deps.db.selectFrom('finance_invoices').select('id').where('org_id', '=', w.coop.id).execute())
        .length
    return { send, count }
  }

  const row = (i: number, reference = nextReference()) =>
    JSON.stringify({
      externalId: `B-${i}`,
      apartment: 'A 1',
      kind: 'maintenance',
      period: '2026-03',
      amountCents: 10_000 + i,
      issuedOn: '2026-02-20',
      dueDate: '2026-03-05',
      reference,
      iban: IBAN,
    })

  it('a reference or externalId repeated in a later batch is refused; re-import is unchanged', async () => {
    const { send, count } = await setup()
    const total = BATCH_SIZE + 10
    const references = Array.from({ length: total }, () => nextReference())
    const lines = references.map((r, i) => row(i, r))
    // Row numbers are 1-based: the last rows repeat the first row's reference and externalId.
    lines.push(row(total, references[0]))
    lines.push(row(5, nextReference()))
    const res = await send(lines.join('\n'), '?report=all')
    expect(res.status).toBe(200)
    const report = (await res.json()) as ImportReport
    expect(report.counts).toEqual({ created: total, updated: 0, unchanged: 0, refused: 2 })
    expect(report.rows.map((r) => r.row)).toEqual(Array.from({ length: total + 2 }, (_, i) => i + 1))
    expect(report.rows.at(-2)).toMatchObject({
      status: 'refused',
      errors: [{ path: 'reference', message: 'Also used by row 1 of this file.' }],
    })
    expect(report.rows.at(-1)).toMatchObject({
      status: 'refused',
      errors: [{ path: 'externalId', message: 'Duplicate of row 6 in this file.' }],
    })
    expect(await count()).toBe(total)

    const again = (await (await send(lines.slice(0, total).join('\n'))).json()) as ImportReport
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: total, refused: 0 })
    // Thousands of rows twice through PGlite on a loaded machine: a bound for a hang, not a speed.
  }, 180_000)

  it('a malformed line after a written batch refuses the whole file and keeps nothing', async () => {
    const { send, count } = await setup()
    const lines = Array.from({ length: BATCH_SIZE + 50 }, (_, i) => row(i))
    lines.push('{"externalId": oops')
    const res = await send(lines.join('\n'))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      new RegExp(`line ${BATCH_SIZE + 51}`),
    )
    expect(await count()).toBe(0)
  }, 180_000)
})
