import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Issue 12 item 13: the report form sent again (after a refused attachment) made a second case.
 * A client key makes reporting idempotent per (organisation, reporter, key).
 */
describe.each(ENGINES)('reporting a case once per client key on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function resident(coopId: string, buildingId: string) {
    const user = await createUser(t.deps.db)
    await addMembership(t.deps.db, coopId, user.id, 'resident', { buildingId })
    return { ...user, token: await signIn(t.deps.db, user.id) }
  }
  const body = (org: string, clientKey?: string) => ({
    org,
    title: 'Ovi ei lukitu',
    description: 'Rappukäytävän ovi jää auki.',
    category: 'other',
    ...(clientKey === undefined ? {} : { clientKey }),
  })
  const casesOf = async (orgId: string) =>
    t.deps.db.selectFrom('cases').select(['id', 'reporter_id']).where('org_id', '=', orgId).execute()

  it('a second submission with the same key returns the same case with 200, and makes nothing new', async () => {
    const home = await managedCooperative(t.deps.db)
    const reporter = await resident(home.coop.id, home.buildingId)
    const key = randomUUID()
    const first = await client(t.app, reporter.token).post('/api/cases', body(home.coop.id, key))
    expect(first.status).toBe(201)
    const created = (await first.json()) as { id: string; number: number }
    const again = await client(t.app, reporter.token).post('/api/cases', body(home.coop.id, key))
    expect(again.status).toBe(200)
    expect(((await again.json()) as { id: string }).id).toBe(created.id)
    expect(await casesOf(home.coop.id)).toHaveLength(1)
    const threads = await t.deps.db
      .selectFrom('threads')
      .select('id')
      .where('case_id', '=', created.id)
      .execute()
    expect(threads).toHaveLength(2)

    // A new report (a new key) is a new case; no key at all is never deduplicated.
    const other = await client(t.app, reporter.token).post('/api/cases', body(home.coop.id, randomUUID()))
    expect(other.status).toBe(201)
    expect((await client(t.app, reporter.token).post('/api/cases', body(home.coop.id))).status).toBe(201)
    expect((await client(t.app, reporter.token).post('/api/cases', body(home.coop.id))).status).toBe(201)
    expect(await casesOf(home.coop.id)).toHaveLength(4)

    // A key is a short string: a long one is refused, and makes nothing.
    const long = await client(t.app, reporter.token).post('/api/cases', body(home.coop.id, 'x'.repeat(101)))
    expect(long.status).toBe(422)
    expect(await casesOf(home.coop.id)).toHaveLength(4)
  })

  it('the key is the reporter’s own: another resident using it gets a case of their own', async () => {
    const home = await managedCooperative(t.deps.db)
    const a = await resident(home.coop.id, home.buildingId)
    const b = await resident(home.coop.id, home.buildingId)
    const key = randomUUID()
    const first = await client(t.app, a.token).post('/api/cases', body(home.coop.id, key))
    const second = await client(t.app, b.token).post('/api/cases', body(home.coop.id, key))
    expect([first.status, second.status]).toEqual([201, 201])
    const ids = [((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id]
    expect(new Set(ids).size).toBe(2)
    expect((await casesOf(home.coop.id)).map((c) => c.reporter_id).sort()).toEqual([a.id, b.id].sort())
  })

  it('concurrent submissions with one key make one case: one 201, the rest 200 with its id', async () => {
    const home = await managedCooperative(t.deps.db)
    const reporter = await resident(home.coop.id, home.buildingId)
    const key = randomUUID()
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        client(t.app, reporter.token).post('/api/cases', body(home.coop.id, key)),
      ),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201])
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id))
    expect(new Set(ids).size).toBe(1)
    expect(await casesOf(home.coop.id)).toHaveLength(1)
  })
})
