import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxMessage } from '../../schema/communications/api.ts'
import { deliverTwice } from '../communications/testWorker.ts'
import { type CommsWorld, commsWorld, setPrefs } from '../communications/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { hoursFromNow as at, icsLines } from './testEvents.ts'

/**
 * An edited event's notices (issue 16): those who stay get the change, the newly reached an
 * invitation, the dropped a cancellation, each email carrying the event as ICS (same UID; REQUEST
 * with the new SEQUENCE, or CANCEL) so calendars follow; nobody outside the audience hears a thing.
 */

describe.each(ENGINES)('event notices with calendar files on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
    for (const p of [w.ownerA, w.ownerB, w.residentB, w.board, w.auditor, w.otherOwner, w.otherBoard])
      await setPrefs(t.deps.db, p.id, { email: true })
  })
  afterAll(() => t.close())

  /** The mails someone got about the event, with their ICS unfolded into lines. */
  const mailsTo = async (email: string, title: string) =>
    (
      await t.deps.db
        .selectFrom('mail_outbox')
        .select(['subject', 'calendar'])
        .where('to_address', '=', email)
        .where('subject', 'like', `%${title}%`)
        .orderBy('created_at')
        .execute()
    ).map((m) => ({
      subject: m.subject,
      ics: icsLines(m.calendar ?? ''),
    }))
  const inbox = async (token: string) =>
    (
      (await (await client(t.app, token).get('/api/communications/mine')).json()) as {
        messages: InboxMessage[]
      }
    ).messages.map((m) => m.subject)

  it('an edit: stayers get the change (REQUEST, SEQUENCE 1), newcomers an invitation, the dropped a CANCEL; outsiders nothing', async () => {
    const title = `Pihatalkoot ${crypto.randomUUID().slice(0, 6)}`
    const res = await client(t.app, w.manager.token).post(`/api/events/org/${w.coop.id}`, {
      title,
      description: 'Haravat ja kahvit.',
      place: 'Piha',
      startsAt: at(72),
      endsAt: at(74),
      audience: { segments: [{ buildingIds: [w.B.buildingId] }] },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    await client(t.app, w.residentB.token).put(`/api/events/${id}/rsvp`, { response: 'maybe' })

    // B's people → every owner: owner B stays, owner A is new, resident B and the board member go.
    const edit = await client(t.app, w.manager.token).patch(`/api/events/${id}`, {
      place: 'Kerhohuone',
      audience: { segments: [{ roles: ['owner'] }] },
    })
    expect(edit.status).toBe(200)
    expect(await edit.json()).toMatchObject({ notified: 1, added: 1, removed: 2, sequence: 1 })
    await deliverTwice(t)

    const uid = `UID:event-${id}@kotipiha`
    const [changed] = await mailsTo(w.ownerB.email, title)
    expect(changed?.subject).toContain(`Muutos: ${title}`)
    expect(changed?.ics).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        uid,
        'SEQUENCE:1',
        'LOCATION:Kerhohuone',
        'STATUS:CONFIRMED',
      ]),
    )
    expect(changed?.ics.some((l) => l.startsWith('ORGANIZER;'))).toBe(true)

    const invited = await mailsTo(w.ownerA.email, title)
    expect(invited).toHaveLength(1)
    expect(invited[0]!.subject).toContain(`Kutsu: ${title}`)
    expect(invited[0]!.ics).toEqual(expect.arrayContaining(['METHOD:REQUEST', uid, 'SEQUENCE:1']))
    expect(await inbox(w.ownerA.token)).toContain(`Kutsu: ${title}`)

    for (const gone of [w.residentB, w.board]) {
      const mails = await mailsTo(gone.email, title)
      expect(mails).toHaveLength(1)
      expect(mails[0]!.subject).toContain(`Peruttu: ${title}`)
      expect(mails[0]!.ics).toEqual(expect.arrayContaining(['METHOD:CANCEL', uid, 'STATUS:CANCELLED']))
    }
    expect(await inbox(w.residentB.token)).toContain(`Peruttu: ${title}`)

    // Another cooperative's owner and a same-cooperative auditor outside the audience: nothing.
    for (const outsider of [w.otherOwner, w.otherBoard, w.auditor]) {
      expect(await mailsTo(outsider.email, title)).toEqual([])
      expect((await inbox(outsider.token)).filter((s) => s.includes(title))).toEqual([])
    }
    const reached = await t.deps.db
      .selectFrom('communications as c')
      .innerJoin('communication_deliveries as d', 'd.communication_id', 'c.id')
      .select('d.user_id')
      .where('c.org_id', '=', w.coop.id)
      .where('c.subject', 'like', `%${title}`)
      .execute()
    expect(new Set(reached.map((r) => r.user_id))).toEqual(
      new Set([w.ownerA.id, w.ownerB.id, w.residentB.id, w.board.id]),
    )
  })

  it('cancelling the event sends METHOD:CANCEL with the next SEQUENCE; a reminder carries no ICS', async () => {
    const title = `Saunailta ${crypto.randomUUID().slice(0, 6)}`
    const res = await client(t.app, w.manager.token).post(`/api/events/org/${w.coop.id}`, {
      title,
      description: '',
      place: 'Sauna',
      startsAt: at(72),
      endsAt: at(74),
      audience: { segments: [{ roles: ['owner'], buildingIds: [w.B.buildingId] }] },
      reminderHours: 24,
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const reminder = await t.deps.db
      .selectFrom('events as e')
      .innerJoin('communications as c', 'c.id', 'e.reminder_communication_id')
      .select('c.calendar')
      .where('e.id', '=', id)
      .executeTakeFirstOrThrow()
    expect(reminder.calendar).toBeNull()
    expect(
      (await client(t.app, w.manager.token).patch(`/api/events/${id}`, { place: 'Rantasauna' })).status,
    ).toBe(200)
    expect((await client(t.app, w.manager.token).post(`/api/events/${id}/cancel`)).status).toBe(200)
    await deliverTwice(t)
    const mails = await mailsTo(w.ownerB.email, title)
    expect(mails).toHaveLength(2)
    const changed = mails.find((m) => m.subject.includes(`Muutos: ${title}`))
    const cancelled = mails.find((m) => m.subject.includes(`Peruttu: ${title}`))
    expect(changed?.ics).toContain('SEQUENCE:1')
    expect(cancelled?.ics).toEqual(
      expect.arrayContaining(['METHOD:CANCEL', `UID:event-${id}@kotipiha`, 'SEQUENCE:2', 'STATUS:CANCELLED']),
    )
  })
})
