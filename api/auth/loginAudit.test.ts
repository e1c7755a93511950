import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import { createUser, TEST_PASSWORD } from '../../server/test/factories.ts'
import { loadScaled } from '../../server/test/loadScaled.ts'
import { createApi } from '../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client, sessionFrom } from '../test/http.ts'
import type { PlaceLookup } from './place.ts'

/**
 * Sign-ins in the audit trail (issue 18): a success and a failed attempt show in the person's own
 * activity history with the device, the client address and a place where a configured lookup
 * knows one; a failure for an unknown email is recorded without the email or any account, so
 * neither the answer nor the trail tells which emails exist.
 */
describe.each(ENGINES)('login audit on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db
  const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'
  const login = (email: string, password: string) =>
    t.app.request('http://localhost:3000/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': FIREFOX, origin: 'http://localhost:3000' },
      body: JSON.stringify({ email, password }),
    })

  it('records successes and failures with the device, naming no unknown email', async () => {
    const user = await createUser(db())
    expect((await login(user.email, 'not it at all')).status).toBe(401)
    const ok = await login(user.email, TEST_PASSWORD)
    expect(ok.status).toBe(200)
    const unknownEmail = `nobody-${user.id}@example.fi`
    const before = await db()
      .selectFrom('audit_log')
      .select(db().fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect((await login(unknownEmail, 'not it at all')).status).toBe(401)

    const mine = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'org_id', 'details'])
      .where('target_id', '=', user.id)
      .orderBy('id')
      .execute()
    expect(mine).toEqual([
      { action: 'auth.login_failed', actor_id: null, org_id: null, details: { device: 'Firefox on Linux' } },
      { action: 'auth.login', actor_id: user.id, org_id: null, details: { device: 'Firefox on Linux' } },
    ])
    const unknown = await db()
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'actor_id', 'details'])
      .where(
        'id',
        '>',
        db().selectFrom('audit_log').select(db().fn.max('id').as('m')).where('target_id', '=', user.id),
      )
      .where('action', '=', 'auth.login_failed')
      .execute()
    expect(unknown).toContainEqual({
      action: 'auth.login_failed',
      target_id: null,
      actor_id: null,
      details: { device: 'Firefox on Linux' },
    })
    expect(JSON.stringify(unknown)).not.toContain(unknownEmail)
    const after = await db()
      .selectFrom('audit_log')
      .select(db().fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBeGreaterThan(Number(before.n))

    // The person's own history describes both, in their language (Finnish by default).
    const res = await client(t.app, sessionFrom(ok)).get('/api/gdpr/activity')
    const { entries } = (await res.json()) as { entries: Array<{ description: string }> }
    expect(entries.map((e) => e.description)).toEqual(
      expect.arrayContaining([
        'Kirjautui sisään (Firefox on Linux)',
        'Kirjautuminen tilille epäonnistui (Firefox on Linux)',
      ]),
    )
  })

  it('records the client address (forwarded only behind a trusted proxy) and a place only from a configured lookup', async () => {
    const user = await createUser(db())
    const asked: string[] = []
    const placeLookup: PlaceLookup = {
      async placeOf(address) {
        asked.push(address)
        if (address === '203.0.113.7') return 'Helsinki, FI'
        // An address the lookup stalls on: the sign-in does not wait for it.
        if (address === '203.0.113.9') return new Promise<string>(() => undefined)
        return null
      },
    }
    const behind = (trustProxy: boolean, lookup?: PlaceLookup) =>
      createApi({
        ...t.deps,
        config: loadConfig({
          DEMO: '1',
          PUBLIC_URL: 'http://localhost:3000',
          LOG_LEVEL: 'silent',
          TRUST_PROXY: trustProxy ? '1' : '0',
        }),
        placeLookup: lookup,
      })
    const signIn = (app: ReturnType<typeof createApi>, forwardedFor: string) =>
      app.request('http://localhost:3000/api/auth/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': FIREFOX,
          origin: 'http://localhost:3000',
          'x-forwarded-for': forwardedFor,
        },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      })
    const details = async () =>
      (
        await db()
          .selectFrom('audit_log')
          .select('details')
          .where('target_id', '=', user.id)
          .where('action', '=', 'auth.login')
          .orderBy('id')
          .execute()
      ).map((r) => r.details)

    // Not behind a trusted proxy, a forwarded address is a claim, never recorded.
    expect((await signIn(behind(false, placeLookup), '203.0.113.7')).status).toBe(200)
    // Behind one: the forwarded client address; a place only where the lookup knows one.
    expect((await signIn(behind(true, placeLookup), '203.0.113.7, 10.0.0.1')).status).toBe(200)
    expect((await signIn(behind(true, placeLookup), '198.51.100.4')).status).toBe(200)
    const started = Date.now()
    const stalled = await signIn(behind(true, placeLookup), '203.0.113.9')
    expect(stalled.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(loadScaled(5_000))
    // No lookup configured (the default): the address only.
    expect((await signIn(behind(true), '203.0.113.7')).status).toBe(200)

    expect(await details()).toEqual([
      { device: 'Firefox on Linux' },
      { device: 'Firefox on Linux', address: '203.0.113.7', place: 'Helsinki, FI' },
      { device: 'Firefox on Linux', address: '198.51.100.4' },
      { device: 'Firefox on Linux', address: '203.0.113.9' },
      { device: 'Firefox on Linux', address: '203.0.113.7' },
    ])
    expect(asked).toEqual(['203.0.113.7', '198.51.100.4', '203.0.113.9'])

    const token = sessionFrom(await signIn(behind(true), '198.51.100.4'))
    const res = await client(t.app, token).get('/api/gdpr/activity')
    const { entries } = (await res.json()) as { entries: Array<{ action: string; description: string }> }
    expect(entries.filter((e) => e.action === 'auth.login').map((e) => e.description)).toEqual([
      'Kirjautui sisään (Firefox on Linux) osoitteesta 198.51.100.4',
      'Kirjautui sisään (Firefox on Linux) osoitteesta 203.0.113.7',
      'Kirjautui sisään (Firefox on Linux) osoitteesta 203.0.113.9',
      'Kirjautui sisään (Firefox on Linux) osoitteesta 198.51.100.4',
      'Kirjautui sisään (Firefox on Linux) osoitteesta 203.0.113.7, Helsinki, FI',
      'Kirjautui sisään (Firefox on Linux)',
    ])
  })
})
