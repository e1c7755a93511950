import { describe, expect, it, vi } from 'vitest'
import { client } from '../api/test/http.ts'
import { notifyDrained } from '../collab-server/notifications/testInbox.ts'
import { ENGINES, useCollabServer } from '../collab-server/test/harness.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../server/test/factories.ts'
import { apiBeside, inboxItemsOf } from './apiBeside.ts'

/**
 * A refused erasure request reaches the person who asked, live through the notifier: an inbox item
 * in the refusing cooperative naming it and carrying the reason, linking to My data, and an email
 * in the person's own language (Swedish here) with the reason and what they may do next. Nobody
 * else hears of it: not the staff who refused, not a neighbour.
 */
describe.each(ENGINES)('erasure refusal notice on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  const app = () => apiBeside(suite)

  const refusals = (userId: string) => inboxItemsOf(db(), userId, 'erasure_refused')

  it('tells the person, in their language, why and that they may ask again; nobody else', async () => {
    const api = app()
    const { mgmt, coop } = await managedCooperative(db())
    const manager = await member(db(), mgmt.id, 'property_manager')
    const neighbour = await member(db(), coop.id, 'resident')
    const person = await createUser(db())
    await db().updateTable('users').set({ language: 'sv' }).where('id', '=', person.id).execute()
    await addMembership(db(), coop.id, person.id, 'resident')
    const token = await signIn(db(), person.id)
    const asked = await client(api, token).post('/api/gdpr/erasure', {})
    expect(asked.status).toBe(201)
    const { request } = await asked.json()
    const reason = 'En tvist om lägenheten pågår.'
    const refused = await client(api, manager.token).post(
      `/api/orgs/${coop.id}/erasure-requests/${request.id}/refuse`,
      { reason },
    )
    expect(refused.status).toBe(200)

    await vi.waitFor(async () => expect(await notifyDrained(db(), [request.id])).toBe(0), { timeout: 15_000 })
    await vi.waitFor(async () => expect(await refusals(person.id)).toHaveLength(1), { timeout: 15_000 })
    expect((await refusals(person.id))[0]).toMatchObject({
      kind: 'erasure_refused',
      orgId: coop.id,
      link: '/profile/data',
      title: coop.name,
      body: reason,
      readAt: null,
    })
    for (const nobody of [manager, neighbour]) expect(await refusals(nobody.id)).toEqual([])

    const mail = await db()
      .selectFrom('mail_outbox')
      .select(['subject', 'body', 'kind'])
      .where('to_address', '=', person.email)
      .execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({
      kind: 'notify.erasure_refused',
      subject: `Din raderingsbegäran avslogs: ${coop.name}`,
    })
    expect(mail[0]?.body).toContain(`Motivering: ${reason}`)
    expect(mail[0]?.body).toContain('Du kan begära radering på nytt.')
    expect(mail[0]?.body).toContain('http://localhost:3000/profile/data')
  })
})
