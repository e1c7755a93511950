import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, TEST_PASSWORD } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client, sessionFrom } from '../test/http.ts'

/**
 * Sign-ins in the audit trail (issue 18): a success and a failed attempt show in the person's own
 * activity history with the device; a failure for an unknown email is recorded without the email
 * or any account, so neither the answer nor the trail tells which emails exist.
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
})
