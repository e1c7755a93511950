import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

describe.each(ENGINES)('profile on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('returns roles, groups and abilities per organisation', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const board = await member(t.deps.db, coop.id, 'board_member')
    const me = await (await client(t.app, board.token).get('/api/me')).json()
    expect(me.organisations).toEqual([
      expect.objectContaining({
        id: coop.id,
        roles: ['board_member'],
        groups: ['board'],
        viaManagement: false,
        abilities: ['org.read', 'org.structure.read', 'members.read'],
      }),
    ])
  })

  it('updates name, phone, language and notification preferences, refusing bad values untouched', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const user = await member(t.deps.db, coop.id, 'resident')
    const api = client(t.app, user.token)
    const ok = await api.patch('/api/me', {
      name: 'Riikka R',
      phone: '+358 50 555 1234',
      language: 'sv',
      notificationPrefs: { message: { portal: true, email: true, sms: true, letter: false } },
    })
    expect(ok.status).toBe(200)
    const me = await ok.json()
    expect(me.user).toMatchObject({ name: 'Riikka R', phone: '+358 50 555 1234', language: 'sv' })
    expect(me.user.notificationPrefs.message).toEqual({ portal: true, email: true, sms: true, letter: false })
    expect(me.user.notificationPrefs.booking.portal).toBe(true)
    for (const bad of [
      { language: 'de' },
      { name: '' },
      { phone: 'call me' },
      { notificationPrefs: { message: { pigeon: true } } },
      { email: 'x@y.fi' },
    ]) {
      const res = await api.patch('/api/me', bad)
      expect(res.status, JSON.stringify(bad)).toBe(422)
    }
    const after = await (await api.get('/api/me')).json()
    expect(after.user).toMatchObject({ name: 'Riikka R', language: 'sv' })
  })

  it('answers unknown endpoints and anonymous calls in the error vocabulary', async () => {
    const missing = await client(t.app).get('/api/nope')
    expect(missing.status).toBe(404)
    expect((await missing.json()).error.code).toBe('not_found')
    const anonymous = await client(t.app).get('/api/me')
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('unauthenticated')
    const health = await (await client(t.app).get('/api/health')).json()
    expect(health).toMatchObject({ ok: true, db: engine })
  })

  it('publishes an OpenAPI document generated from the validators', async () => {
    const doc = await (await client(t.app).get('/api/openapi.json')).json()
    expect(doc.openapi).toMatch(/^3\./)
    const login = doc.paths['/auth/login'].post
    const schema = login.requestBody.content['application/json'].schema
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'password']))
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/registrations', '/orgs/{id}/members', '/me']),
    )
  })
})
