import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MeResponse } from '../../schema/api/users.ts'
import { type AccessAnnouncer, redisAccessAnnouncer } from '../../server/bus/accessBus.ts'
import { createOrg, member } from '../../server/test/factories.ts'
import { loadNow, loadScaled } from '../../server/test/loadScaled.ts'
import { testRedis } from '../../server/test/redis.ts'
import { createApi } from '../app.ts'
import { type SharedSessionCache, sharedSessionCache } from '../http/sharedSessionCache.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * `/api/me` is answered from the session cache on a warm session (no query), and every change it
 * shows reaches every API instance within 1 s: two instances of the API on one database, each
 * with the session cache as api/httpServer.ts wires it (sharedSessionCache: the access and the
 * profile channels over Redis). Each test warms both instances, changes something through A and
 * expects B's cached answer to be gone within 1 s (timed without B's own request, which a loaded
 * machine inflates), and B's next answer to show the change. Without the profile channel B would
 * keep its answer for SESSION_CACHE_MS (10 s).
 */
describe.each(ENGINES)('the /api/me answer across two API instances on %s', (engine) => {
  let t: TestContext
  let announcer: AccessAnnouncer
  const shared: SharedSessionCache[] = []
  const apps: Array<ReturnType<typeof createApi>> = []

  beforeAll(async () => {
    t = await startTestApp(engine)
    announcer = redisAccessAnnouncer(testRedis())
    for (let i = 0; i < 2; i++) {
      const s = sharedSessionCache(testRedis())
      await s.ready
      shared.push(s)
      apps.push(
        createApi({
          ...t.deps,
          sessionCache: s.cache,
          onProfileChanged: (change) => s.profileChanged(change),
          // As scripts/start-api.ts: here at once, and announced to the other instances.
          onAccessChanged: (change) => {
            s.cache.forget(change)
            void announcer.announce(change)
          },
        }),
      )
    }
  })
  afterAll(async () => {
    for (const s of shared) await s.close()
    await announcer.close()
    await t.close()
  })

  const as = (i: 0 | 1, token: string) => client(apps[i]!, token)
  const me = async (i: 0 | 1, token: string): Promise<MeResponse> => {
    const res = await as(i, token).get('/api/me')
    expect(res.status).toBe(200)
    return (await res.json()) as MeResponse
  }

  async function world() {
    const org = await createOrg(t.deps.db)
    return {
      org,
      admin: await member(t.deps.db, org.id, 'org_admin'),
      alice: await member(t.deps.db, org.id, 'board_member'),
    }
  }

  /** Both instances have answered /api/me for the token, so both hold the answer. */
  async function warm(token: string) {
    for (const i of [0, 1] as const) {
      await me(i, token)
      await me(i, token)
      expect(shared[i]!.cache.get(token)?.me).toBeDefined()
    }
  }

  async function forgottenOnBWithin1s(token: string) {
    const started = performance.now()
    await vi.waitFor(() => expect(shared[1]!.cache.get(token)?.me).toBeUndefined(), {
      timeout: loadScaled(1000),
      interval: 5,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
  }

  it('answers a warm session from the cache: a name changed behind its back shows only once announced', async () => {
    const w = await world()
    await warm(w.alice.token)
    await t.deps.db.updateTable('users').set({ name: 'Alice Takaovi' }).where('id', '=', w.alice.id).execute()
    // No query: both instances still answer what they built (this is what is saved).
    expect((await me(0, w.alice.token)).user.name).not.toBe('Alice Takaovi')
    expect((await me(1, w.alice.token)).user.name).not.toBe('Alice Takaovi')
    shared[0]!.profileChanged({ kind: 'user', userId: w.alice.id })
    await forgottenOnBWithin1s(w.alice.token)
    expect((await me(1, w.alice.token)).user.name).toBe('Alice Takaovi')
    expect((await me(0, w.alice.token)).user.name).toBe('Alice Takaovi')
  })

  it('a profile change on A is seen by /api/me on B within 1 s', async () => {
    const w = await world()
    await warm(w.alice.token)
    const res = await as(0, w.alice.token).patch('/api/me', {
      name: 'Alice Uusinimi',
      language: 'sv',
      notificationPrefs: { message: { portal: true, email: true, sms: false, letter: false } },
    })
    expect(res.status).toBe(200)
    expect((await me(0, w.alice.token)).user.name).toBe('Alice Uusinimi')
    await forgottenOnBWithin1s(w.alice.token)
    const onB = await me(1, w.alice.token)
    expect(onB.user).toMatchObject({ name: 'Alice Uusinimi', language: 'sv' })
    expect(onB.user.notificationPrefs.message?.email).toBe(true)
  })

  it('a role removal on A is seen by /api/me on B within 1 s', async () => {
    const w = await world()
    await warm(w.alice.token)
    expect((await me(1, w.alice.token)).organisations.map((o) => o.id)).toContain(w.org.id)
    const res = await as(0, w.admin.token).delete(`/api/orgs/${w.org.id}/members/${w.alice.membershipId}`)
    expect(res.status).toBe(200)
    expect((await me(0, w.alice.token)).organisations.map((o) => o.id)).not.toContain(w.org.id)
    await forgottenOnBWithin1s(w.alice.token)
    expect((await me(1, w.alice.token)).organisations.map((o) => o.id)).not.toContain(w.org.id)
  })

  it('a lowered role on A changes the roles and abilities /api/me shows on B within 1 s', async () => {
    const w = await world()
    await warm(w.alice.token)
    const res = await as(0, w.admin.token).patch(`/api/orgs/${w.org.id}/members/${w.alice.membershipId}`, {
      role: 'resident',
    })
    expect(res.status).toBe(200)
    await forgottenOnBWithin1s(w.alice.token)
    const org = (await me(1, w.alice.token)).organisations.find((o) => o.id === w.org.id)
    expect(org?.roles).toEqual(['resident'])
  })

  it('an organisation renamed on A is seen in its members’ /api/me on B within 1 s', async () => {
    const w = await world()
    await warm(w.alice.token)
    const res = await as(0, w.admin.token).patch(`/api/orgs/${w.org.id}`, { name: 'As Oy Uusi Nimi' })
    expect(res.status).toBe(200)
    await forgottenOnBWithin1s(w.alice.token)
    const org = (await me(1, w.alice.token)).organisations.find((o) => o.id === w.org.id)
    expect(org?.name).toBe('As Oy Uusi Nimi')
  })

  it('second factor turned off on A shows as not enrolled on B within 1 s', async () => {
    const org = await createOrg(t.deps.db)
    const bob = await member(t.deps.db, org.id, 'resident')
    await t.deps.db
      .updateTable('users')
      .set({ totp_key: new Uint8Array(20) })
      .where('id', '=', bob.id)
      .execute()
    await warm(bob.token)
    expect((await me(1, bob.token)).mfa.enrolled).toBe(true)
    const res = await as(0, bob.token).post('/api/auth/totp/disable', { password: 'correct horse battery' })
    expect(res.status).toBe(200)
    await forgottenOnBWithin1s(bob.token)
    expect((await me(1, bob.token)).mfa.enrolled).toBe(false)
  })
})
