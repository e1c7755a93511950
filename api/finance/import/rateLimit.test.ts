import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../../test/harness.ts'
import { createApiKey } from '../keys/apiKeys.ts'
import { financeWorld } from '../testWorld.ts'

/**
 * The import API's rate limit (rateLimit.ts): per API key (and per person uploading), a sliding
 * window, a clear 429 with Retry-After, parallel calls cannot overshoot it, and a refused call
 * (429) takes no slot.
 */
describe.each(ENGINES)('import rate limit on %s', (engine) => {
  let t: TestContext
  let app: ReturnType<typeof createApi>
  const MAX = 3
  beforeAll(async () => {
    t = await startTestApp(engine)
    app = createApi({ ...t.deps, config: { ...t.deps.config, importRate: { max: MAX, windowMs: 60_000 } } })
  })
  afterAll(() => t.close())

  const call = (orgId: string, token: string) =>
    app.request(`http://localhost:3000/api/import/${orgId}/budgets?dryRun=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: JSON.stringify({ externalId: 'B-1', fiscalYear: 2027, category: 'heating', amountCents: 100 }),
    })

  it('per key: MAX calls in the window, then 429 with Retry-After; another key is not affected; the window slides', async () => {
    const w = await financeWorld(t.deps.db)
    const opts = { orgId: w.coop.id, scopes: ['finance:write' as const, 'read' as const], createdBy: null }
    const a = await createApiKey(t.deps.db, { ...opts, name: 'A' })
    const b = await createApiKey(t.deps.db, { ...opts, name: 'B' })
    for (let i = 0; i < MAX; i++) expect((await call(w.coop.id, a.token)).status).toBe(200)
    const refused = await call(w.coop.id, a.token)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    const body = (await refused.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.message).toMatch(
      /^At most 3 import calls in 1 minutes for this API key\. Try again in \d+ seconds\.$/,
    )
    // Every route of the key counts, the summary too.
    const summary = await app.request(`http://localhost:3000/api/import/${w.coop.id}/summary`, {
      headers: { authorization: `Bearer ${a.token}` },
    })
    expect(summary.status).toBe(429)
    // The 429s took no slot: exactly MAX rows for key A.
    const rows = await t.deps.db
      .selectFrom('import_calls')
      .select('id')
      .where('caller', '=', `key:${a.id}`)
      .execute()
    expect(rows).toHaveLength(MAX)
    expect((await call(w.coop.id, b.token)).status).toBe(200)
    // Once the oldest call leaves the window, one more is allowed.
    await t.deps.db
      .updateTable('import_calls')
      .set({ at: new Date(Date.now() - 61_000) })
      .where('id', '=', rows[0]!.id)
      .execute()
    expect((await call(w.coop.id, a.token)).status).toBe(200)
    expect((await call(w.coop.id, a.token)).status).toBe(429)
  })

  it('parallel calls cannot overshoot; bad or revoked keys get 401 and take no slot', async () => {
    const w = await financeWorld(t.deps.db)
    const k = await createApiKey(t.deps.db, {
      orgId: w.coop.id,
      name: 'Burst',
      scopes: ['finance:write'],
      createdBy: null,
    })
    // Parallel calls: the rate limit hands out exactly MAX slots (the per-key concurrency guard
    // in perform.ts may refuse some of the holders with its own 429, which is fine).
    const statuses = await Promise.all(Array.from({ length: MAX + 3 }, () => call(w.coop.id, k.token)))
    const codes = statuses.map((r) => r.status)
    expect(codes.every((s) => s === 200 || s === 429)).toBe(true)
    expect(codes.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1)
    const slots = await t.deps.db
      .selectFrom('import_calls')
      .select('id')
      .where('caller', '=', `key:${k.id}`)
      .execute()
    expect(slots).toHaveLength(MAX)
    const after = await call(w.coop.id, k.token)
    expect(after.status).toBe(429)
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(
      /^At most 3 import calls/,
    )
    const [id] = k.token.slice(4).split('.')
    expect((await call(w.coop.id, `kpk_${id}.wrongsecret`)).status).toBe(401)
    await t.deps.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', k.id).execute()
    expect((await call(w.coop.id, k.token)).status).toBe(401)
  })

  it("the portal upload: per person, only once authorised (an outsider's calls take nothing)", async () => {
    const w = await financeWorld(t.deps.db)
    const csv = (token: string) =>
      app.request(`http://localhost:3000/api/finance/${w.coop.id}/import/budgets?dryRun=1`, {
        method: 'POST',
        headers: {
          origin: 'http://localhost:3000',
          'content-type': 'text/csv',
          cookie: `kp_session=${token}`,
        },
        body: 'externalId,fiscalYear,category,amountCents\nB-1,2027,heating,100\n',
      })
    for (let i = 0; i < MAX + 2; i++) expect((await csv(w.strangerAccountant.token)).status).toBe(404)
    for (let i = 0; i < MAX; i++) expect((await csv(w.accountant.token)).status).toBe(200)
    expect((await csv(w.accountant.token)).status).toBe(429)
    expect((await csv(w.manager.token)).status).toBe(200)
    const outsider = await t.deps.db
      .selectFrom('import_calls')
      .select('id')
      .where('caller', '=', `user:${w.strangerAccountant.id}`)
      .execute()
    expect(outsider).toEqual([])
  })
})
