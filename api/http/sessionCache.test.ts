import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MeResponse } from '../../schema/api/users.ts'
import type { Principal } from '../../schema/policy.ts'
import {
  type AccessAnnouncer,
  redisAccessAnnouncer,
  redisAccessListener,
} from '../../server/bus/accessBus.ts'
import { createOrg, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { loadNow, loadScaled } from '../../server/test/loadScaled.ts'
import { testRedis } from '../../server/test/redis.ts'
import { createApi } from '../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { createSessionCache, type SessionCache } from './sessionCache.ts'

/**
 * The session cache keeps access changes within 1 s on every API instance: two instances of the
 * API share one database, each with its own cache fed by the Redis access channel, as
 * `npm run start:api` runs them. Each test first warms both caches (a request on each), then
 * changes access through instance A and expects instance B to have forgotten the session within
 * 1 s, and to refuse it. Without the channel, B would keep answering from its cache for
 * SESSION_CACHE_MS (10 s).
 */
describe.each(ENGINES)('session cache across two API instances on %s', (engine) => {
  let t: TestContext
  let announcer: AccessAnnouncer
  const listeners: Array<{ close(): Promise<void> }> = []
  const instances: Array<{ app: ReturnType<typeof createApi>; cache: SessionCache }> = []

  beforeAll(async () => {
    t = await startTestApp(engine)
    announcer = redisAccessAnnouncer(testRedis())
    for (let i = 0; i < 2; i++) {
      const cache = createSessionCache()
      const listener = redisAccessListener(testRedis(), {
        onChange: (change) => cache.forget(change),
        onListening: (listening) => cache.setListening(listening),
      })
      await listener.ready
      listeners.push(listener)
      const app = createApi({
        ...t.deps,
        sessionCache: cache,
        onAccessChanged: (change) => {
          cache.forget(change)
          void announcer.announce(change)
        },
      })
      instances.push({ app, cache })
    }
  })
  afterAll(async () => {
    for (const l of listeners) await l.close()
    await announcer.close()
    await t.close()
  })

  const [a, b] = [0, 1].map((i) => ({
    as: (token: string) => client(instances[i]!.app, token),
    cache: () => instances[i]!.cache,
  })) as [
    { as: (token: string) => ReturnType<typeof client>; cache: () => SessionCache },
    { as: (token: string) => ReturnType<typeof client>; cache: () => SessionCache },
  ]

  async function world() {
    const org = await createOrg(t.deps.db)
    return {
      org,
      admin: await member(t.deps.db, org.id, 'org_admin'),
      alice: await member(t.deps.db, org.id, 'board_member'),
    }
  }

  /** Both instances have served the token, so both hold it in their caches. */
  async function warm(token: string, path: string) {
    for (const side of [a, b]) {
      expect((await side.as(token).get(path)).status).toBe(200)
      expect(side.cache().get(token)).toBeDefined()
    }
  }

  /**
   * B forgets the session within 1 s of A's answer (the propagation, timed without B's own
   * request time, which a loaded machine inflates), and then refuses it.
   */
  async function refusedOnBWithin1s(token: string, path: string, statuses: number[]) {
    const started = performance.now()
    await vi.waitFor(() => expect(b.cache().get(token)).toBeUndefined(), {
      timeout: loadScaled(1000),
      interval: 5,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
    expect(statuses).toContain((await b.as(token).get(path)).status)
  }

  it('serves a session from the cache: a session row deleted behind its back still works until announced', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}`
    await warm(w.alice.token, path)
    await t.deps.db.deleteFrom('sessions').where('user_id', '=', w.alice.id).execute()
    // No announcement: both instances still answer from their caches (this is what is saved).
    expect((await a.as(w.alice.token).get(path)).status).toBe(200)
    expect((await b.as(w.alice.token).get(path)).status).toBe(200)
    await announcer.announce({ kind: 'user', userId: w.alice.id })
    await refusedOnBWithin1s(w.alice.token, path, [401])
    // A hears the announcement on a Redis connection of its own: it may come a moment after B's.
    await vi.waitFor(() => expect(a.cache().get(w.alice.token)).toBeUndefined(), {
      timeout: loadScaled(1000),
      interval: 5,
    })
    expect((await a.as(w.alice.token).get(path)).status).toBe(401)
  })

  it('a removed member is refused on A at once and on B within 1 s', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}`
    await warm(w.alice.token, path)
    const res = await a.as(w.admin.token).delete(`/api/orgs/${w.org.id}/members/${w.alice.membershipId}`)
    expect(res.status).toBe(200)
    expect((await a.as(w.alice.token).get(path)).status).toBe(404)
    await refusedOnBWithin1s(w.alice.token, path, [404])
  })

  it('a lowered role loses its rights on B within 1 s', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}/members`
    await warm(w.alice.token, path)
    const res = await a
      .as(w.admin.token)
      .patch(`/api/orgs/${w.org.id}/members/${w.alice.membershipId}`, { role: 'resident' })
    expect(res.status).toBe(200)
    await refusedOnBWithin1s(w.alice.token, path, [403])
  })

  it('a suspended organisation grants nothing on B within 1 s', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}`
    await warm(w.alice.token, path)
    const platform = await createUser(t.deps.db, { platformAdmin: true })
    const res = await a
      .as(await signIn(t.deps.db, platform.id))
      .put(`/api/orgs/${w.org.id}/status`, { status: 'suspended', reason: 'Laskut maksamatta' })
    expect(res.status).toBe(200)
    await refusedOnBWithin1s(w.alice.token, path, [403, 404])
  })

  it("a handed-over cooperative's old staff are refused on B within 1 s (its row was cached too)", async () => {
    const db = t.deps.db
    const { coop, mgmt } = await managedCooperative(db)
    const next = await managedCooperative(db)
    const oldAdmin = await member(db, mgmt.id, 'org_admin')
    const oldManager = await member(db, mgmt.id, 'property_manager')
    const path = `/api/orgs/${coop.id}`
    await warm(oldManager.token, path)
    // Their principal does not change: only the cooperative's row does, which both had cached.
    for (const side of [a, b]) expect(side.cache().orgRef(coop.id)?.managedBy).toBe(mgmt.id)
    const res = await a
      .as(oldAdmin.token)
      .post(`/api/orgs/${coop.id}/handover`, { to: next.mgmt.id, reason: 'Sopimus päättyi' })
    expect(res.status).toBe(200)
    expect((await a.as(oldManager.token).get(path)).status).toBe(404)
    const started = performance.now()
    await vi.waitFor(() => expect(b.cache().orgRef(coop.id)).toBeUndefined(), {
      timeout: loadScaled(1000),
      interval: 5,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
    expect((await b.as(oldManager.token).get(path)).status).toBe(404)
  })

  it('a signed-out session is refused on B within 1 s; the same user’s other session still works', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}`
    const phone = await signIn(t.deps.db, w.alice.id)
    await warm(w.alice.token, path)
    await warm(phone, path)
    expect((await a.as(w.alice.token).post('/api/auth/logout')).status).toBe(200)
    await refusedOnBWithin1s(w.alice.token, path, [401])
    expect((await b.as(phone).get(path)).status).toBe(200)
  })

  it('a changed password ends the other sessions on B within 1 s', async () => {
    const w = await world()
    const path = `/api/orgs/${w.org.id}`
    const phone = await signIn(t.deps.db, w.alice.id)
    await warm(phone, path)
    const res = await a
      .as(w.alice.token)
      .post('/api/auth/password', { current: 'correct horse battery', next: 'a much better passphrase 42' })
    expect(res.status).toBe(200)
    await refusedOnBWithin1s(phone, path, [401])
  })
})

describe('session cache rules', () => {
  const session = (userId: string) => ({
    id: 'abc',
    userId,
    mfaVerified: true,
    expiresAt: new Date(Date.now() + 29 * 24 * 3600 * 1000),
  })
  const principal = (userId: string): Principal => ({
    userId,
    platformAdmin: false,
    mfaVerified: true,
    memberships: [],
  })

  it('hits only with the right secret', () => {
    const cache = createSessionCache()
    cache.set('abc.secret', session('u1'), principal('u1'), cache.epoch())
    expect(cache.get('abc.secret')?.principal.userId).toBe('u1')
    expect(cache.get('abc.wrong')).toBeUndefined()
    expect(cache.get('abc')).toBeUndefined()
  })

  it('does not store a principal loaded before an invalidation that arrived meanwhile', () => {
    const cache = createSessionCache()
    const before = cache.epoch()
    cache.forget({ kind: 'membership', orgId: 'o', userId: 'u1' })
    cache.set('abc.secret', session('u1'), principal('u1'), before)
    expect(cache.get('abc.secret')).toBeUndefined()
  })

  it('serves nothing while the access channel is not heard, and expires entries', () => {
    let now = Date.now()
    const cache = createSessionCache({ ttlMs: 1000, now: () => now })
    cache.set('abc.secret', session('u1'), principal('u1'), cache.epoch())
    cache.setListening(false)
    expect(cache.get('abc.secret')).toBeUndefined()
    cache.setListening(true)
    cache.set('abc.secret', session('u1'), principal('u1'), cache.epoch())
    expect(cache.get('abc.secret')).toBeDefined()
    now += 1001
    expect(cache.get('abc.secret')).toBeUndefined()
  })

  it('keeps /api/me only beside the principal it was built from, and not across a change', () => {
    const cache = createSessionCache()
    const me = (orgId: string) => ({ organisations: [{ id: orgId }] }) as unknown as MeResponse
    const p1 = principal('u1')
    cache.set('abc.secret', session('u1'), p1, cache.epoch())
    cache.setMe('abc', principal('u1'), me('o1'), cache.epoch())
    expect(cache.get('abc.secret')?.me).toBeUndefined()
    const before = cache.epoch()
    cache.forgetProfile({ kind: 'user', userId: 'u2' })
    cache.setMe('abc', p1, me('o1'), before)
    expect(cache.get('abc.secret')?.me).toBeUndefined()
    cache.setMe('abc', p1, me('o1'), cache.epoch())
    expect(cache.me('abc', p1)).toBeDefined()
    cache.forgetProfile({ kind: 'org', orgId: 'o2' })
    expect(cache.me('abc', p1)).toBeDefined()
    cache.forgetProfile({ kind: 'org', orgId: 'o1' })
    expect(cache.me('abc', p1)).toBeUndefined()
    cache.setMe('abc', p1, me('o1'), cache.epoch())
    cache.forgetProfile({ kind: 'user', userId: 'u1' })
    expect(cache.get('abc.secret')?.me).toBeUndefined()
    expect(cache.get('abc.secret')?.principal).toBe(p1)
  })

  it('keeps organisation rows as principals: not across a change, not while deaf, emptied by an org change', () => {
    let now = Date.now()
    const cache = createSessionCache({ ttlMs: 1000, now: () => now })
    const org = { id: 'o1', kind: 'housing_cooperative', status: 'active', managedBy: 'm1' } as const
    const before = cache.epoch()
    cache.forget({ kind: 'user', userId: 'u1' })
    cache.setOrgRef(org, before)
    expect(cache.orgRef('o1')).toBeUndefined()
    cache.setOrgRef(org, cache.epoch())
    expect(cache.orgRef('o1')).toBe(org)
    cache.forget({ kind: 'user', userId: 'u1' })
    expect(cache.orgRef('o1')).toBe(org)
    cache.forget({ kind: 'org', orgId: 'o2' })
    expect(cache.orgRef('o1')).toBeUndefined()
    cache.setOrgRef(org, cache.epoch())
    cache.setListening(false)
    expect(cache.orgRef('o1')).toBeUndefined()
    cache.setListening(true)
    cache.setOrgRef(org, cache.epoch())
    now += 1001
    expect(cache.orgRef('o1')).toBeUndefined()
  })

  it('leaves a session in the second half of its life to the database, which extends it', () => {
    const cache = createSessionCache()
    const old = { ...session('u1'), expiresAt: new Date(Date.now() + 10 * 24 * 3600 * 1000) }
    cache.set('abc.secret', old, principal('u1'), cache.epoch())
    expect(cache.get('abc.secret')).toBeUndefined()
  })
})
