import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payloadOf } from '../../schema/outbox.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Staff refuse an erasure with a reason (issue 18): the request ends as refused with the reason,
 * nothing is erased, the refusal is audited and the person is told (a notice for the notifier, and
 * My data shows it); a resident of the cooperative gets 403, another company's staff 404.
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
    // Stored as refused (not as withdrawn), with who, for which organisation and why.
    const stored = await db()
      .selectFrom('erasure_requests')
      .select(['status', 'refused_by', 'refused_org_id', 'refusal_reason'])
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({
      status: 'refused',
      refused_by: manager.id,
      refused_org_id: coop.id,
      refusal_reason: body.reason,
    })
    // The person is told: a notice for the notifier (the inbox item: integration/erasureRefused),
    // and My data shows the refusal with the reason.
    const notices = await db()
      .selectFrom('outbox')
      .select(['org_id', 'payload'])
      .where('topic', '=', 'notify')
      .where('entity_id', '=', request.id)
      .execute()
    expect(notices.map((n) => ({ org: n.org_id, payload: payloadOf('notify', n.payload) }))).toEqual([
      { org: coop.id, payload: { type: 'erasure_refused', requestId: request.id } },
    ])
    const mine = await (await client(t.app, token).get('/api/gdpr/erasure')).json()
    expect(mine.request).toMatchObject({
      id: request.id,
      status: 'refused',
      waitingFor: [],
      refusal: { by: coop.name, reason: body.reason },
    })
    // The neighbour's own request state says nothing of it.
    expect((await (await client(t.app, neighbour.token).get('/api/gdpr/erasure')).json()).request).toBeNull()
    // The person may ask again: the new request waits, and the old refusal is no longer shown.
    expect((await client(t.app, token).post('/api/gdpr/erasure', {})).status).toBe(201)
    const again = await (await client(t.app, token).get('/api/gdpr/erasure')).json()
    expect(again.request).toMatchObject({ status: 'pending', waitingFor: [coop.id], refusal: null })
  })
})
