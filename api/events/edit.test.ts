import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxMessage } from '../../schema/communications/api.ts'
import type { EventDetail } from '../../schema/events/api.ts'
import { deliverTwice } from '../communications/testWorker.ts'
import { type CommsWorld, commsWorld, setPrefs } from '../communications/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { agm, hoursFromNow as at, createEvent, icsLines } from './testEvents.ts'

/** Editing an event after it is created (issue 16): who may, what attendees are told, what is kept. */
const HOUR = 3600_000

describe.each(ENGINES)('editing events on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const create = (body: unknown) => createEvent(t, w, body)
  const detail = async (id: string, token = w.manager.token) =>
    (await (await client(t.app, token).get(`/api/events/${id}`)).json()) as EventDetail
  const ics = async (id: string, token: string) =>
    icsLines(await (await client(t.app, token).get(`/api/events/${id}/event.ics`)).text())
  const sendsTitled = (subject: string) =>
    t.deps.db
      .selectFrom('communications as c')
      .innerJoin('communication_deliveries as d', 'd.communication_id', 'c.id')
      .select(['c.id', 'd.user_id', 'd.channel', 'd.status'])
      .where('c.org_id', '=', w.coop.id)
      .where('c.subject', '=', subject)
      .execute()

  it('organisers edit; an invitee gets 403; the uninvited, another cooperative and a stranger 404; nothing changes', async () => {
    const id = await create(
      agm([{ roles: ['owner'], buildingIds: [w.B.buildingId] }], { title: 'Kevättalkoot' }),
    )
    const edit = (token: string, body: unknown) => client(t.app, token).patch(`/api/events/${id}`, body)
    expect((await edit(w.manager.token, { place: 'Piha' })).status).toBe(200)
    expect((await edit(w.board.token, { place: 'Piha ja kerhohuone' })).status).toBe(200)
    const res = await edit(w.ownerB.token, { place: 'Minun kotini' })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
    for (const who of [w.ownerA, w.auditor, w.accountant, w.otherBoard, w.otherOwner, w.stranger]) {
      const r = await edit(who.token, { place: 'Toinen paikka' })
      expect(r.status).toBe(404)
      expect(await r.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect((await detail(id)).place).toBe('Piha ja kerhohuone')
    // An invitee sees no audience (role and place ids are the organisers'); an organiser does.
    expect((await detail(id, w.ownerB.token)).audience).toBeNull()
    expect((await detail(id)).audience).toEqual({
      segments: [{ roles: ['owner'], buildingIds: [w.B.buildingId] }],
    })
  })

  it('a new time and place: answers kept, attendees told in their language, ICS SEQUENCE up, reminder moved', async () => {
    await setPrefs(t.deps.db, w.ownerB.id, { email: true })
    await t.deps.db.updateTable('users').set({ language: 'sv' }).where('id', '=', w.ownerB.id).execute()
    const id = await create(
      agm([{ buildingIds: [w.B.buildingId] }], { title: 'Syyskokous', reminderHours: 24 }),
    )
    const answer = (token: string, response: string) =>
      client(t.app, token).put(`/api/events/${id}/rsvp`, { response })
    expect((await answer(w.ownerB.token, 'yes')).status).toBe(200)
    expect((await answer(w.residentB.token, 'no')).status).toBe(200)
    expect((await answer(w.board.token, 'maybe')).status).toBe(200)
    const first = await ics(id, w.ownerB.token)
    expect(first).toContain('SEQUENCE:0')
    const oldReminder = (
      await t.deps.db
        .selectFrom('events')
        .select('reminder_communication_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).reminder_communication_id!

    const startsAt = at(96)
    const res = await client(t.app, w.manager.token).patch(`/api/events/${id}`, {
      startsAt,
      endsAt: at(99),
      place: 'Saunatila',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      changed: ['time', 'place'],
      notified: 3,
      added: 0,
      removed: 0,
      sequence: 1,
    })

    const d = await detail(id)
    expect(d).toMatchObject({ place: 'Saunatila', startsAt: new Date(startsAt).toISOString(), invited: 3 })
    expect(d.counts).toEqual({ yes: 1, no: 1, maybe: 1 })
    expect(d.updatedAt).not.toBeNull()
    // The ICS: same UID, a higher SEQUENCE, the new place and time, LAST-MODIFIED.
    const second = await ics(id, w.ownerB.token)
    expect(second).toContain(`UID:event-${id}@kotipiha`)
    expect(second).toContain('SEQUENCE:1')
    expect(second).toContain('LOCATION:Saunatila')
    expect(second.find((l) => l.startsWith('LAST-MODIFIED'))).toMatch(/^LAST-MODIFIED:\d{8}T\d{6}Z$/)
    expect(second.find((l) => l.startsWith('DTSTART'))).not.toBe(first.find((l) => l.startsWith('DTSTART')))

    // The notice: a portal row for each of the three (answers or not), email by preference.
    const notice = await sendsTitled('Muutos: Syyskokous')
    expect(new Set(notice.filter((r) => r.channel === 'portal').map((r) => r.user_id))).toEqual(
      new Set([w.ownerB.id, w.residentB.id, w.board.id]),
    )
    await deliverTwice(t)
    const mails = await t.deps.db
      .selectFrom('mail_outbox')
      .select(['subject', 'body'])
      .where('to_address', '=', w.ownerB.email)
      .where('subject', 'like', '%Syyskokous%')
      .execute()
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('Ändrat: Syyskokous')
    expect(mails[0]!.body).toContain('Plats: Saunatila')
    expect(mails[0]!.body).toContain('Ändrat: tid, plats')
    const inbox = (await (await client(t.app, w.residentB.token).get('/api/communications/mine')).json()) as {
      messages: InboxMessage[]
    }
    expect(inbox.messages.map((m) => m.subject)).toContain('Muutos: Syyskokous')

    // The reminder follows the new start; the old one is cancelled; who said no gets none.
    const reminders = await t.deps.db
      .selectFrom('events as e')
      .innerJoin('communication_deliveries as r', 'r.communication_id', 'e.reminder_communication_id')
      .select(['e.reminder_communication_id', 'r.user_id', 'r.status', 'r.available_at'])
      .where('e.id', '=', id)
      .where('r.channel', '=', 'portal')
      .execute()
    expect(reminders[0]!.reminder_communication_id).not.toBe(oldReminder)
    expect(new Date(reminders[0]!.available_at).getTime()).toBe(Date.parse(startsAt) - 24 * HOUR)
    expect(reminders.find((r) => r.user_id === w.residentB.id)?.status).toBe('cancelled')
    expect(reminders.find((r) => r.user_id === w.ownerB.id)?.status).toBe('queued')
    const old = await t.deps.db
      .selectFrom('communication_deliveries')
      .select('status')
      .where('communication_id', '=', oldReminder)
      .execute()
    expect(old.every((r) => r.status === 'cancelled')).toBe(true)
    // Audited, with the phrase's name.
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'event.update')
      .where('target_id', '=', id)
      .execute()
    expect(audited).toHaveLength(1)
  })

  it('a new audience: newcomers invited, the dropped lose the event (told unless they said no), others keep their answer', async () => {
    const id = await create(
      agm([{ buildingIds: [w.B.buildingId] }], { title: 'Saunavuorot', reminderHours: null }),
    )
    const answer = (token: string, response: string) =>
      client(t.app, token).put(`/api/events/${id}/rsvp`, { response })
    await answer(w.ownerB.token, 'yes')
    await answer(w.residentB.token, 'no')
    await answer(w.board.token, 'maybe')
    const res = await client(t.app, w.manager.token).patch(`/api/events/${id}`, {
      audience: { segments: [{ roles: ['owner'] }] },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      changed: ['audience'],
      notified: 0,
      added: 1,
      removed: 2,
      sequence: 0,
    })
    const d = await detail(id)
    expect(d.invited).toBe(2)
    expect(d.counts).toEqual({ yes: 1, no: 0, maybe: 0 })
    expect((await client(t.app, w.ownerA.token).get(`/api/events/${id}`)).status).toBe(200)
    expect((await client(t.app, w.residentB.token).get(`/api/events/${id}`)).status).toBe(404)
    expect((await client(t.app, w.board.token).get(`/api/events/${id}`)).status).toBe(200) // an organiser still
    // The board member (maybe) is told it is off for them; resident B had said no: nothing.
    const off = await sendsTitled('Peruttu: Saunavuorot')
    expect(new Set(off.map((r) => r.user_id))).toEqual(new Set([w.board.id]))
    // An audience reaching nobody is refused and changes nothing.
    const none = await client(t.app, w.manager.token).patch(`/api/events/${id}`, {
      audience: { segments: [{ buildingIds: [w.K.buildingId] }] },
    })
    expect(none.status).toBe(422)
    expect((await detail(id)).invited).toBe(2)
  })

  it('rejects bad edits: nothing to change, bad times, unknown fields, places below answers, a cancelled event', async () => {
    const id = await create(agm([{ buildingIds: [w.B.buildingId] }], { capacity: 3 }))
    const m = client(t.app, w.manager.token)
    const bad = async (body: unknown, status = 422) => {
      const res = await m.patch(`/api/events/${id}`, body)
      expect(res.status).toBe(status)
      return ((await res.json()) as { error: { code: string; details?: { reason?: string } } }).error
    }
    expect((await bad({})).code).toBe('validation_failed')
    expect((await bad({ extra: 1 })).code).toBe('validation_failed')
    expect((await bad({ endsAt: at(71) })).code).toBe('validation_failed') // before the start
    expect((await bad({ startsAt: at(-5) })).code).toBe('validation_failed')
    expect((await bad({ endsAt: at(72 + 15 * 24) })).code).toBe('validation_failed')
    expect((await bad({ startsAt: 'tomorrow' })).code).toBe('validation_failed')
    expect((await bad({ title: '' })).code).toBe('validation_failed')
    await client(t.app, w.ownerB.token).put(`/api/events/${id}/rsvp`, { response: 'yes' })
    await client(t.app, w.residentB.token).put(`/api/events/${id}/rsvp`, { response: 'yes' })
    expect((await bad({ capacity: 1 }, 409)).details?.reason).toBe('below_answers')
    expect((await m.patch(`/api/events/${id}`, { capacity: 2 })).status).toBe(200)
    // The same values again: nothing changed, nobody told, no new SEQUENCE.
    const same = await m.patch(`/api/events/${id}`, {
      place: 'Kerhohuone, A-talo',
      audience: { segments: [{ roles: [], buildingIds: [w.B.buildingId] }] },
    })
    expect(await same.json()).toMatchObject({ changed: [], notified: 0, sequence: 0 })
    // HTML in a place is text.
    expect((await m.patch(`/api/events/${id}`, { place: '<b>Sauna</b>' })).status).toBe(200)
    expect((await detail(id)).place).toBe('<b>Sauna</b>')
    expect((await m.post(`/api/events/${id}/cancel`)).status).toBe(200)
    expect((await bad({ place: 'Piha' }, 409)).details?.reason).toBe('cancelled')
    expect(await ics(id, w.ownerB.token)).toContain('SEQUENCE:2')
  })
})
