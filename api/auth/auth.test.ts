import { createTOTPKeyURI, generateTOTP } from '@oslojs/otp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, managedCooperative, member, TEST_PASSWORD } from '../../server/test/factories.ts'
import { createApi } from '../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client, sessionFrom } from '../test/http.ts'

describe.each(ENGINES)('auth on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('signs in with an HttpOnly SameSite=Lax cookie, and /me answers with it', async () => {
    const user = await createUser(t.deps.db)
    const res = await client(t.app).post('/api/auth/login', {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const me = await client(t.app, sessionFrom(res)).get('/api/me')
    expect(me.status).toBe(200)
    expect((await me.json()).user.email).toBe(user.email)
  })

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await createUser(t.deps.db)
    const wrong = await client(t.app).post('/api/auth/login', {
      email: user.email,
      password: 'not it at all',
    })
    const unknown = await client(t.app).post('/api/auth/login', {
      email: `nobody-${user.id}@x.fi`,
      password: 'not it at all',
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
  })

  it('refuses the 11th failed attempt in 15 minutes with 429 and Retry-After, across app instances', async () => {
    const user = await createUser(t.deps.db)
    const attempt = (app: typeof t.app) =>
      client(app).post('/api/auth/login', { email: user.email, password: 'wrong password!' })
    for (let i = 0; i < 5; i++) expect((await attempt(t.app)).status).toBe(401)
    // A second process on the same database sees the same failures.
    const other = createApi(t.deps)
    for (let i = 0; i < 5; i++) expect((await attempt(other)).status).toBe(401)
    const eleventh = await attempt(t.app)
    expect(eleventh.status).toBe(429)
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await eleventh.json()).error).toEqual({
      code: 'rate_limited',
      message: 'Too many failed sign-in attempts. Try again in 15 minutes.',
    })
    // Even the right password waits now.
    const right = await client(other).post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })
    expect(right.status).toBe(429)
  })

  /** The API behind a trusted proxy, so each test can speak from an address of its own. */
  const proxiedApp = async (env: Record<string, string> = {}) => {
    const { loadConfig } = await import('../../schema/config.ts')
    return createApi({
      ...t.deps,
      config: loadConfig({ TRUST_PROXY: '1', PUBLIC_URL: 'http://localhost:3000', ...env }),
    })
  }
  const randomAddress = () =>
    `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`

  it('does not lock a whole address after ten wrong passwords (the address limit is much higher)', async () => {
    const proxied = await proxiedApp()
    const from = { 'x-forwarded-for': randomAddress() }
    for (let i = 0; i < 10; i++) {
      const res = await client(proxied).post(
        '/api/auth/login',
        { email: `guess${i}-${crypto.randomUUID()}@x.fi`, password: 'wrong password!' },
        from,
      )
      expect(res.status).toBe(401)
    }
    // Someone else in the same office signs in, and a neighbour's typo is an ordinary 401.
    const user = await createUser(t.deps.db)
    const ok = await client(proxied).post(
      '/api/auth/login',
      { email: user.email, password: TEST_PASSWORD },
      from,
    )
    expect(ok.status).toBe(200)
    const other = await createUser(t.deps.db)
    const typo = await client(proxied).post(
      '/api/auth/login',
      { email: other.email, password: 'typo typo' },
      from,
    )
    expect(typo.status).toBe(401)
  })

  it('at the address limit refuses failing attempts with the wait, but lets a correct password and second factor through', async () => {
    const proxied = await proxiedApp({ LOGIN_ADDRESS_LIMIT: '12' })
    const address = randomAddress()
    const from = { 'x-forwarded-for': address }
    const login = (body: Record<string, string>, headers = from) =>
      client(proxied).post('/api/auth/login', body, headers)
    for (let i = 0; i < 12; i++) {
      expect(
        (await login({ email: `guess${i}-${crypto.randomUUID()}@x.fi`, password: 'wrong password!' })).status,
      ).toBe(401)
    }
    const victim = await createUser(t.deps.db)
    const refused = await login({ email: victim.email, password: 'wrong password!' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await refused.json()).error).toEqual({
      code: 'rate_limited',
      message: 'Too many failed sign-in attempts. Try again in 15 minutes.',
    })
    // The right password passes the address limit.
    const user = await createUser(t.deps.db)
    expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(200)
    // With a second factor: asked for it, refused with a wrong one, through with the right one.
    const key = crypto.getRandomValues(new Uint8Array(20))
    const mfaUser = await createUser(t.deps.db, { totpKey: key })
    const asked = await login({ email: mfaUser.email, password: TEST_PASSWORD })
    expect((await asked.json()).error.code).toBe('totp_required')
    const right = generateTOTP(key, 30, 6)
    const wrong = right === '000000' ? '111111' : '000000'
    expect((await login({ email: mfaUser.email, password: TEST_PASSWORD, totp: wrong })).status).toBe(429)
    expect((await login({ email: mfaUser.email, password: TEST_PASSWORD, totp: right })).status).toBe(200)
    // Guesses refused at the address still count against their account: the per-account limit
    // holds for the victim everywhere.
    for (let i = 0; i < 9; i++)
      expect((await login({ email: victim.email, password: `guess ${i}` })).status).toBe(429)
    const elsewhere = await login(
      { email: victim.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': randomAddress() },
    )
    expect(elsewhere.status).toBe(429)
    // Another address is not affected by this one's limit.
    const neighbour = await createUser(t.deps.db)
    const typo = await login(
      { email: neighbour.email, password: 'typo typo' },
      { 'x-forwarded-for': randomAddress() },
    )
    expect(typo.status).toBe(401)
  })

  it('asks for TOTP when enrolled, accepts a valid code once per login and a recovery code', async () => {
    const key = crypto.getRandomValues(new Uint8Array(20))
    const user = await createUser(t.deps.db, { totpKey: key })
    const noCode = await client(t.app).post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })
    expect(noCode.status).toBe(401)
    expect((await noCode.json()).error.code).toBe('totp_required')
    const bad = await client(t.app).post('/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
      totp: '000000',
    })
    expect((await bad.json()).error.code).toBe(
      generateTOTP(key, 30, 6) === '000000' ? undefined : 'invalid_totp',
    )
    const ok = await client(t.app).post('/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
      totp: generateTOTP(key, 30, 6),
    })
    expect(ok.status).toBe(200)
    const me = await (await client(t.app, sessionFrom(ok)).get('/api/me')).json()
    expect(me.mfa).toEqual({ required: false, enrolled: true, verified: true })
    expect(createTOTPKeyURI('Kotipiha', user.email, key, 30, 6)).toMatch(/^otpauth:\/\/totp\//)
  })

  it('enrols TOTP: staff get their management grants only after enrolment', async () => {
    const { mgmt, coop } = await managedCooperative(t.deps.db)
    const staff = await member(t.deps.db, mgmt.id, 'property_manager', { mfaVerified: false })
    let api = client(t.app, staff.token)
    let me = await (await api.get('/api/me')).json()
    expect(me.mfa).toEqual({ required: true, enrolled: false, verified: false })
    expect(me.organisations).toEqual([])
    expect((await api.get(`/api/orgs/${coop.id}/members`)).status).toBe(404)
    const setup = await (await api.post('/api/auth/totp/setup')).json()
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Kotipiha/)
    expect(setup.qrSvg).toMatch(/^<svg/)
    const { decodeBase32IgnorePadding } = await import('@oslojs/encoding')
    const code = generateTOTP(decodeBase32IgnorePadding(setup.secret), 30, 6)
    const enabled = await api.post('/api/auth/totp/enable', { code })
    expect(enabled.status).toBe(200)
    const { recoveryCodes } = await enabled.json()
    expect(recoveryCodes).toHaveLength(10)
    // The session was renewed: carry on with the new cookie.
    api = client(t.app, sessionFrom(enabled))
    me = await (await api.get('/api/me')).json()
    expect(me.mfa.verified).toBe(true)
    expect(me.organisations.map((o: { id: string }) => o.id).sort()).toEqual([mgmt.id, coop.id].sort())
    expect((await api.get(`/api/orgs/${coop.id}/members`)).status).toBe(200)
    // Required for staff: cannot be turned off.
    expect((await api.post('/api/auth/totp/disable', { password: TEST_PASSWORD })).status).toBe(403)
    // A recovery code signs in once.
    const login = (recoveryCode: string) =>
      client(t.app).post('/api/auth/login', { email: staff.email, password: TEST_PASSWORD, recoveryCode })
    expect((await login(recoveryCodes[0])).status).toBe(200)
    expect((await login(recoveryCodes[0])).status).toBe(401)
  })

  it('renews the session when TOTP is enabled: the old token is refused, the new cookie is verified', async () => {
    const { mgmt } = await managedCooperative(t.deps.db)
    const staff = await member(t.deps.db, mgmt.id, 'property_manager', { mfaVerified: false })
    const old = client(t.app, staff.token)
    const setup = await (await old.post('/api/auth/totp/setup')).json()
    const { decodeBase32IgnorePadding } = await import('@oslojs/encoding')
    const changes = t.accessChanges.length
    const enabled = await old.post('/api/auth/totp/enable', {
      code: generateTOTP(decodeBase32IgnorePadding(setup.secret), 30, 6),
    })
    expect(enabled.status).toBe(200)
    const cookie = enabled.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const renewed = sessionFrom(enabled)
    expect(renewed).toBeTruthy()
    expect(renewed!.split('.')[0]).not.toBe(staff.token.split('.')[0])
    // The old token is gone, with anything bound to it.
    expect((await old.get('/api/me')).status).toBe(401)
    expect((await old.post('/api/collab/token')).status).toBe(401)
    const oldRow = await t.deps.db
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', staff.token.split('.')[0]!)
      .executeTakeFirst()
    expect(oldRow).toBeUndefined()
    // The new one has passed the second factor.
    const me = await (await client(t.app, renewed).get('/api/me')).json()
    expect(me.mfa).toEqual({ required: true, enrolled: true, verified: true })
    // Live sockets of the old session are re-checked (and closed) on every instance.
    expect(t.accessChanges.slice(changes)).toContainEqual({ kind: 'user', userId: staff.id })
  })

  it('resets a password with an emailed single-use token and ends old sessions', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const user = await member(t.deps.db, coop.id, 'resident')
    expect((await client(t.app).post('/api/auth/password-reset/request', { email: user.email })).status).toBe(
      202,
    )
    // Unknown addresses get the same answer.
    expect(
      (await client(t.app).post('/api/auth/password-reset/request', { email: 'no-such@x.fi' })).status,
    ).toBe(202)
    const mail = await t.deps.db
      .selectFrom('mail_outbox')
      .select('body')
      .where('to_address', '=', user.email)
      .where('kind', '=', 'password_reset')
      .executeTakeFirstOrThrow()
    const token = /token=([a-z0-9]+)/.exec(mail.body)?.[1]
    expect(token).toBeTruthy()
    const reset = await client(t.app).post('/api/auth/password-reset', {
      token,
      password: 'a brand new password',
    })
    expect(reset.status).toBe(200)
    const again = await client(t.app).post('/api/auth/password-reset', {
      token,
      password: 'another new password',
    })
    expect(again.status).toBe(410)
    expect((await again.json()).error.code).toBe('token_invalid')
    expect((await client(t.app, user.token).get('/api/me')).status).toBe(401)
    const login = await client(t.app).post('/api/auth/login', {
      email: user.email,
      password: 'a brand new password',
    })
    expect(login.status).toBe(200)
  })

  it('refuses an expired reset token', async () => {
    const user = await createUser(t.deps.db)
    const { createResetToken } = await import('./resetTokens.ts')
    const token = await createResetToken(t.deps.db, user.id)
    await t.deps.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute()
    const res = await client(t.app).post('/api/auth/password-reset', {
      token,
      password: 'a brand new password',
    })
    expect(res.status).toBe(410)
  })

  it('logs out one session, or every session', async () => {
    const user = await createUser(t.deps.db)
    const login = async () =>
      sessionFrom(await client(t.app).post('/api/auth/login', { email: user.email, password: TEST_PASSWORD }))
    const a = await login()
    const b = await login()
    const c = await login()
    expect((await client(t.app, a).post('/api/auth/logout')).status).toBe(200)
    expect((await client(t.app, a).get('/api/me')).status).toBe(401)
    expect((await client(t.app, b).get('/api/me')).status).toBe(200)
    expect((await client(t.app, b).post('/api/auth/logout-everywhere')).status).toBe(200)
    expect((await client(t.app, c).get('/api/me')).status).toBe(401)
    expect(t.accessChanges).toContainEqual({ kind: 'user', userId: user.id })
  })

  it('refuses forged and tampered session tokens', async () => {
    const user = await member(t.deps.db, (await managedCooperative(t.deps.db)).coop.id, 'resident')
    const [id] = user.token.split('.')
    for (const token of [`${id}.forged`, `${id}`, 'x.y.z', '', `${id}.${'a'.repeat(500)}`]) {
      expect((await client(t.app, token).get('/api/me')).status).toBe(401)
    }
  })

  it('refuses state-changing requests from another site', async () => {
    const user = await createUser(t.deps.db)
    const body = { email: user.email, password: TEST_PASSWORD }
    const crossOrigin = await client(t.app).post('/api/auth/login', body, { origin: 'https://evil.example' })
    expect(crossOrigin.status).toBe(403)
    expect((await crossOrigin.json()).error.code).toBe('csrf_rejected')
    const crossSite = await client(t.app).post('/api/auth/login', body, { 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)
  })

  it('extends a session used in the second half of its life (sliding expiry)', async () => {
    const user = await createUser(t.deps.db)
    const res = await client(t.app).post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })
    const token = sessionFrom(res)!
    const id = token.split('.')[0]!
    const soon = new Date(Date.now() + 24 * 3600 * 1000)
    await t.deps.db.updateTable('sessions').set({ expires_at: soon }).where('id', '=', id).execute()
    expect((await client(t.app, token).get('/api/me')).status).toBe(200)
    const row = await t.deps.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
    await t.deps.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('id', '=', id)
      .execute()
    expect((await client(t.app, token).get('/api/me')).status).toBe(401)
  })
})
