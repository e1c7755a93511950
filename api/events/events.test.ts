import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventDetail, EventSummary } from '../../schema/events/api.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import { deliverTwice } from '../communications/testWorker.ts'
import { type CommsWorld, commsWorld, setPrefs } from '../communications/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { agm, createEvent } from './testEvents.ts'

const HOUR = 3600_000

describe.each(ENGINES)('events API on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const create = (body: unknown, token = w.manager.token) => createEvent(t, w, body, token)

  it('who may organise and who sees it: owners of B invited; A, another cooperative and the uninvited get 404', async () => {
    const id = await create(agm([{ roles: ['owner'], buildingIds: [w.B.buildingId] }]))
    // The board creates too; an owner, an auditor or an accountant may not (403); another cooperative's board 404.
    expect((await client(t.app, w.board.token).post(`/api/events/org/${w.coop.id}`, agm([{}]))).status).toBe(
      201,
    )
    for (const who of [w.ownerA, w.auditor, w.accountant]) {
      expect((await client(t.app, who.token).post(`/api/events/org/${w.coop.id}`, agm([{}]))).status).toBe(
        403,
      )
    }
    for (const who of [w.otherBoard, w.stranger]) {
      const res = await client(t.app, who.token).post(`/api/events/org/${w.coop.id}`, agm([{}]))
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
      expect((await client(t.app, who.token).get(`/api/events/org/${w.coop.id}`)).status).toBe(404)
    }
    const detail = (await (
      await client(t.app, w.ownerB.token).get(`/api/events/${id}`)
    ).json()) as EventDetail
    expect(detail).toMatchObject({ title: 'Yhtiökokous', invited: 1, myResponse: null })
    expect(detail.abilities).toEqual({ rsvp: true, manage: false, write: true, moderate: false })
    // Owner A (same cooperative, not invited), the auditor, another cooperative: nothing.
    for (const who of [w.ownerA, w.auditor, w.otherBoard, w.otherOwner, w.stranger]) {
      const c = client(t.app, who.token)
      expect((await c.get(`/api/events/${id}`)).status).toBe(404)
      expect((await c.put(`/api/events/${id}/rsvp`, { response: 'yes' })).status).toBe(404)
      expect((await c.get(`/api/events/${id}/event.ics`)).status).toBe(404)
      expect((await c.get(`/api/events/${id}/rsvps`)).status).toBe(404)
      expect((await c.post(`/api/events/${id}/cancel`)).status).toBe(404)
      const mine = (await (await c.get('/api/events/mine')).json()) as { events: EventSummary[] }
      expect(mine.events.some((e) => e.id === id)).toBe(false)
    }
    const listA = (await (
      await client(t.app, w.ownerA.token).get(`/api/events/org/${w.coop.id}`)
    ).json()) as {
      events: EventSummary[]
    }
    expect(listA.events.some((e) => e.id === id)).toBe(false)
    // The invitee may not manage: who answered what is the organisers'.
    expect((await client(t.app, w.ownerB.token).get(`/api/events/${id}/rsvps`)).status).toBe(403)
    expect((await client(t.app, w.ownerB.token).post(`/api/events/${id}/cancel`)).status).toBe(403)
    const mineB = (await (await client(t.app, w.ownerB.token).get('/api/events/mine')).json()) as {
      events: EventSummary[]
    }
    expect(mineB.events.map((e) => e.id)).toContain(id)
    // The event's thread: the event's rules, not a channel's (every member would read a channel).
    const access = async (userId: string) =>
      threadAccess(t.deps.db, await loadPrincipal(t.deps.db, { userId, mfaVerified: true }), detail.threadId)
    expect(await access(w.ownerB.id)).toMatchObject({ read: true, write: true, moderate: false })
    expect((await access(w.ownerA.id))?.read).toBe(false)
    expect((await access(w.otherBoard.id))?.read).toBe(false)
    expect(await access(w.manager.id)).toMatchObject({ read: true, write: true, moderate: true })
    expect(
      (await client(t.app, w.ownerA.token).get(`/api/collab/threads/${detail.threadId}/people`)).status,
    ).toBe(404)
    // A channel list does not show event threads.
    const channels = (await (
      await client(t.app, w.ownerB.token).get(`/api/collab/threads?org=${w.coop.id}`)
    ).json()) as {
      threads: Array<{ id: string }>
    }
    expect(channels.threads.some((th) => th.id === detail.threadId)).toBe(false)
  })

  it('rejects bad input: end before start, past, empty audience, unknown fields, bad answers', async () => {
    const m = client(t.app, w.manager.token)
    const url = `/api/events/org/${w.coop.id}`
    const bad = async (body: unknown) => {
      const res = await m.post(url, body)
      expect(res.status).toBe(422)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
    }
    const ok = agm([{}])
    await bad({ ...ok, endsAt: ok.startsAt })
    await bad({ ...ok, startsAt: new Date(Date.now() - 5 * HOUR).toISOString() })
    await bad({ ...ok, endsAt: new Date(Date.parse(ok.startsAt) + 20 * 24 * HOUR).toISOString() })
    await bad({ ...ok, title: '' })
    await bad({ ...ok, title: 'x'.repeat(201) })
    await bad({ ...ok, extra: 1 })
    await bad({ ...ok, capacity: 0 })
    await bad({ ...ok, startsAt: '2027-01-01 10:00' })
    await bad(agm([]))
    // An audience that reaches nobody (another cooperative's building): refused, nothing written.
    await bad(agm([{ buildingIds: [w.K.buildingId] }]))
    const id = await create(agm([{}]))
    expect(
      (await client(t.app, w.ownerA.token).put(`/api/events/${id}/rsvp`, { response: 'perhaps' })).status,
    ).toBe(422)
    expect((await m.get('/api/events/not-a-uuid')).status).toBe(422)
    expect((await m.get(`/api/events/${crypto.randomUUID()}`)).status).toBe(404)
    // HTML in a title is stored and returned as text.
    const html = await create({ ...agm([{}]), title: '<img src=x onerror=alert(1)>' })
    const d = (await (await m.get(`/api/events/${html}`)).json()) as EventDetail
    expect(d.title).toBe('<img src=x onerror=alert(1)>')
  })

  it('RSVP: counts, capacity (a full event refuses a new yes), and the reminder follows the answer', async () => {
    const id = await create(agm([{ buildingIds: [w.B.buildingId] }], { capacity: 1 }))
    const answer = (token: string, response: string) =>
      client(t.app, token).put(`/api/events/${id}/rsvp`, { response })
    expect((await answer(w.ownerB.token, 'yes')).status).toBe(200)
    const full = await answer(w.residentB.token, 'yes')
    expect(full.status).toBe(409)
    expect(((await full.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'full',
    )
    expect((await answer(w.residentB.token, 'maybe')).status).toBe(200)
    const res = await answer(w.board.token, 'no')
    expect(await res.json()).toEqual({ myResponse: 'no', counts: { yes: 1, no: 1, maybe: 1 } })
    // Owner B changes their mind: the seat frees and resident B gets it.
    expect((await answer(w.ownerB.token, 'no')).status).toBe(200)
    expect((await answer(w.residentB.token, 'yes')).status).toBe(200)
    const d = (await (await client(t.app, w.manager.token).get(`/api/events/${id}`)).json()) as EventDetail
    expect(d.counts).toEqual({ yes: 1, no: 2, maybe: 0 })
    expect(d.invited).toBe(3)
    const rsvps = (await (await client(t.app, w.manager.token).get(`/api/events/${id}/rsvps`)).json()) as {
      rsvps: Array<{ userId: string; response: string }>
    }
    expect(rsvps.rsvps.find((r) => r.userId === w.residentB.id)?.response).toBe('yes')
    // The reminder: scheduled 24 h before; cancelled for those who said no, queued for the others.
    const reminder = await t.deps.db
      .selectFrom('events as e')
      .innerJoin('communication_deliveries as d', 'd.communication_id', 'e.reminder_communication_id')
      .select(['d.user_id', 'd.status', 'd.available_at', 'd.channel'])
      .where('e.id', '=', id)
      .where('d.channel', '=', 'portal')
      .execute()
    const status = (u: string) => reminder.find((r) => r.user_id === u)?.status
    expect(status(w.ownerB.id)).toBe('cancelled')
    expect(status(w.board.id)).toBe('cancelled')
    expect(status(w.residentB.id)).toBe('queued')
    expect(new Date(reminder[0]!.available_at).getTime()).toBe(Date.parse(d.startsAt) - 24 * HOUR)
  })

  it('the last place goes to one of three answering at once', async () => {
    const id = await create(agm([{ buildingIds: [w.B.buildingId] }], { capacity: 1, reminderHours: null }))
    const results = await Promise.all(
      [w.ownerB, w.residentB, w.board].map((who) =>
        client(t.app, who.token).put(`/api/events/${id}/rsvp`, { response: 'yes' }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const d = (await (await client(t.app, w.manager.token).get(`/api/events/${id}`)).json()) as EventDetail
    expect(d.counts.yes).toBe(1)
  })

  it('the reminder goes out through the communications worker in the invitee language, once', async () => {
    await setPrefs(t.deps.db, w.ownerA.id, { email: true })
    await t.deps.db.updateTable('users').set({ language: 'sv' }).where('id', '=', w.ownerA.id).execute()
    const id = await create(agm([{ apartmentIds: [w.A.apt1] }], { title: 'Talkoot', reminderHours: 48 }))
    // Time passes: the reminder falls due.
    const e = await t.deps.db
      .selectFrom('events')
      .select('reminder_communication_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await t.deps.db
      .updateTable('communication_deliveries')
      .set({ available_at: new Date(Date.now() - 1000) })
      .where('communication_id', '=', e.reminder_communication_id!)
      .execute()
    await deliverTwice(t)
    const mails = await t.deps.db
      .selectFrom('mail_outbox')
      .select(['subject', 'body'])
      .where('to_address', '=', w.ownerA.email)
      .where('subject', 'like', '%Talkoot%')
      .execute()
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('Påminnelse: Talkoot')
    expect(mails[0]!.body).toContain('Plats: Kerhohuone')
  })

  it('ICS: a valid calendar per event, and a line in the calendar feed; cancelling marks it cancelled', async () => {
    const id = await create(agm([{ buildingIds: [w.B.buildingId] }], { title: 'Hallituksen kokous' }))
    const res = await client(t.app, w.ownerB.token).get(`/api/events/${id}/event.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/)
    const ics = (await res.text()).replace(/\r\n[ \t]/g, '')
    const lines = ics.split('\r\n')
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines).toContain('VERSION:2.0')
    expect(lines).toContain('BEGIN:VEVENT')
    expect(lines).toContain(`UID:event-${id}@kotipiha`)
    expect(lines).toContain('SUMMARY:Hallituksen kokous')
    expect(lines).toContain('STATUS:CONFIRMED')
    expect(lines.find((l) => l.startsWith('DTSTART'))).toMatch(/^DTSTART:\d{8}T\d{6}Z$/)
    expect(lines.find((l) => l.startsWith('DTSTAMP'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/)
    expect(lines.find((l) => l.startsWith('LOCATION'))).toBe('LOCATION:Kerhohuone\\, A-talo')
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true)
    // Every line at most 75 octets (RFC 5545 folding).
    for (const l of (
      await (await client(t.app, w.ownerB.token).get(`/api/events/${id}/event.ics`)).text()
    ).split('\r\n')) {
      expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75)
    }
    // The personal feed (the bookings feed URL) carries the event; owner A's does not.
    const feed = async (token: string) => {
      const { url } = (await (await client(t.app, token).post('/api/bookings/feed-token')).json()) as {
        url: string
      }
      const path = new URL(url).pathname
      return (await (await client(t.app).get(path)).text()).replace(/\r\n[ \t]/g, '')
    }
    expect(await feed(w.ownerB.token)).toContain(`UID:event-${id}@kotipiha`)
    expect(await feed(w.ownerA.token)).not.toContain(`UID:event-${id}@kotipiha`)
    // Cancelled: the thread is archived (read-only), the ICS says CANCELLED, answers are refused.
    expect((await client(t.app, w.manager.token).post(`/api/events/${id}/cancel`)).status).toBe(200)
    expect((await client(t.app, w.manager.token).post(`/api/events/${id}/cancel`)).status).toBe(409)
    expect(await (await client(t.app, w.ownerB.token).get(`/api/events/${id}/event.ics`)).text()).toContain(
      'STATUS:CANCELLED',
    )
    expect(
      (await client(t.app, w.ownerB.token).put(`/api/events/${id}/rsvp`, { response: 'yes' })).status,
    ).toBe(403)
    const d = (await (await client(t.app, w.ownerB.token).get(`/api/events/${id}`)).json()) as EventDetail
    const access = await threadAccess(
      t.deps.db,
      await loadPrincipal(t.deps.db, { userId: w.ownerB.id, mfaVerified: true }),
      d.threadId,
    )
    expect(access).toMatchObject({ read: true, write: false })
    // A cancellation notice went to the invitees now.
    const notices = await t.deps.db
      .selectFrom('communications')
      .select('subject')
      .where('org_id', '=', w.coop.id)
      .where('subject', '=', 'Peruttu: Hallituksen kokous')
      .execute()
    expect(notices).toHaveLength(1)
  })

  it('someone who moved out stops seeing the events they were invited to', async () => {
    const id = await create(agm([{ roles: ['resident'] }]))
    expect((await client(t.app, w.residentB.token).get(`/api/events/${id}`)).status).toBe(200)
    await t.deps.db.deleteFrom('memberships').where('user_id', '=', w.residentB.id).execute()
    expect((await client(t.app, w.residentB.token).get(`/api/events/${id}`)).status).toBe(404)
    const mine = (await (await client(t.app, w.residentB.token).get('/api/events/mine')).json()) as {
      events: EventSummary[]
    }
    expect(mine.events).toHaveLength(0)
  })
})
