import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Staff refuse an erasure with a reason (issue 18): the request ends, nothing is erased, the
 * refusal is audited; a resident of the cooperative gets 403, another company's staff 404.
 */
describe.each(ENGINES)('erasure refusal on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db

  it('ends the request without erasing, audited, only for the organisation’s admins', async () => {
    const { mgmt, coop } = await managedCooperative(db())
    const manager = await member(db(), mgmt.id, 'property_manager')
    const person = await createUser(db())
    await addMembership(db(), coop.id, person.id, 'resident')
    const token = await signIn(db(), person.id)
    const neighbour = await member(db(), coop.id, 'resident')
    const { request } = await (await client(t.app, token).post('/api/gdpr/erasure', {})).json()
    const path = `/api/orgs/${coop.id}/erasure-requests/${request.id}/refuse`
    const body = { reason: 'A dispute about the apartment is pending.' }

    expect((await client(t.app, neighbour.token).post(path, body)).status).toBe(403)
    const away = await managedCooperative(db())
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    expect((await client(t.app, stranger.token).post(path, body)).status).toBe(404)
    const forged = `/api/orgs/${away.coop.id}/erasure-requests/${request.id}/refuse`
    expect((await client(t.app, stranger.token).post(forged, body)).status).toBe(404)
    expect((await client(t.app, manager.token).post(path, { reason: '' })).status).toBe(422)

    const refused = await client(t.app, manager.token).post(path, body)
    expect(refused.status).toBe(200)
    expect((await refused.json()).status).toBe('refused')
    // Once ended it is not found again, and the list no longer shows it.
    expect((await client(t.app, manager.token).post(path, body)).status).toBe(404)
    const list = await (
      await client(t.app, manager.token).get(`/api/orgs/${coop.id}/erasure-requests`)
    ).json()
    expect(list.requests).toEqual([])
    const row = await db()
      .selectFrom('users')
      .select(['name', 'erased_at'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ name: person.name, erased_at: null })
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('org_id', '=', coop.id)
      .where('action', '=', 'gdpr.erasure_refused')
      .execute()
    expect(audited).toEqual([{ action: 'gdpr.erasure_refused', details: body }])
    // The person may ask again.
    expect((await client(t.app, token).post('/api/gdpr/erasure', {})).status).toBe(201)
  })
})
