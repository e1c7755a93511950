import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'

/**
 * A state-changing request authenticated by the session cookie must say where it comes from
 * (Origin or Sec-Fetch-Site, which every browser sends); one with a bearer token need not.
 */
describe.each(ENGINES)('CSRF guard without Origin or Sec-Fetch-Site on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const post = (headers: Record<string, string>) =>
    t.app.request('http://localhost:3000/api/collab/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    })

  it('refuses a cookie-authenticated request that sends neither header', async () => {
    const user = await createUser(t.deps.db)
    const token = await signIn(t.deps.db, user.id)
    const res = await post({ cookie: `kp_session=${token}` })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('csrf_rejected')
    // Nothing was issued for the refused request.
    const tokens = await t.deps.db
      .selectFrom('collab_tokens')
      .select('user_id')
      .where('user_id', '=', user.id)
      .execute()
    expect(tokens).toEqual([])
    // The same cookie from a same-origin browser request is fine.
    expect((await post({ cookie: `kp_session=${token}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await post({ cookie: `kp_session=${token}`, origin: 'http://localhost:3000' })).status).toBe(200)
  })

  it('keeps header-less requests with a bearer token working (a cookie beside it changes nothing)', async () => {
    const user = await createUser(t.deps.db)
    const token = await signIn(t.deps.db, user.id)
    expect((await post({ authorization: `Bearer ${token}` })).status).toBe(200)
    expect((await post({ authorization: `Bearer ${token}`, cookie: `kp_session=${token}` })).status).toBe(200)
    // No credentials at all: the route itself answers 401, not the CSRF guard.
    const anonymous = await post({})
    expect(anonymous.status).toBe(401)
  })
})
