import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { docName } from '../../schema/docs/names.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { type EventDetail, EventParam, EventPatch, RsvpInput, type RsvpRow } from '../../schema/events/api.ts'
import { can } from '../../schema/policy.ts'
import { resolveAudience } from '../../server/communications/audience.ts'
import { cancelCommunication } from '../../server/communications/enqueue.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeEvent } from './access.ts'
import { editEvent } from './edit.ts'
import { eventsIcs } from './ics.ts'
import { orgName, sendEventNotice } from './notices.ts'
import { eventSummaries } from './queries.ts'

/** One event: detail, edit, answer (RSVP), who answered what, cancel, and its ICS download. */
export const eventRoutes = new Hono<AppEnv>()

eventRoutes.get(
  '/:id',
  describeRoute({ summary: 'One event with its answer counts and my answer', tags: ['events'] }),
  valid('param', EventParam),
  async (c) => {
    const { id } = c.req.valid('param')
    const { org, resource } = await authorizeEvent(c, id, 'event.read')
    const principal = c.get('principal')
    const [row] = await eventSummaries(c.get('deps').db, principal.userId, { ids: [id] })
    if (!row) throw notFound('The event')
    const manage = can(principal, 'event.manage', resource)
    const detail: EventDetail = {
      ...row,
      // Who it was aimed at (role and place ids) is the organisers' business.
      audience: manage ? row.audience : null,
      document: docName('thread', org.id, row.threadId),
      abilities: {
        rsvp: can(principal, 'event.rsvp', resource),
        manage,
        write: can(principal, 'event.write', resource),
        moderate: can(principal, 'event.moderate', resource),
      },
    }
    c.header('Cache-Control', 'no-store')
    return c.json(detail)
  },
)

eventRoutes.patch(
  '/:id',
  describeRoute({
    summary:
      'Edit an event (organisers): attendees are told of a change of time, place or text, answers are kept',
    tags: ['events'],
  }),
  valid('param', EventParam),
  valid('json', EventPatch),
  async (c) => {
    const { id } = c.req.valid('param')
    const { org } = await authorizeEvent(c, id, 'event.manage')
    const { db, config } = c.get('deps')
    const result = await db
      .transaction()
      .execute((trx) =>
        editEvent(
          trx,
          org,
          c.get('principal').userId,
          id,
          c.req.valid('json'),
          config.communicationsRecipientsPerHour,
          config.publicUrl,
        ),
      )
    return c.json(result)
  },
)

eventRoutes.put(
  '/:id/rsvp',
  describeRoute({
    summary: 'Answer yes, no or maybe (a full event refuses a new yes: 409)',
    tags: ['events'],
  }),
  valid('param', EventParam),
  valid('json', RsvpInput),
  async (c) => {
    const { id } = c.req.valid('param')
    await authorizeEvent(c, id, 'event.rsvp')
    const { response } = c.req.valid('json')
    const userId = c.get('principal').userId
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      // The event row locked: two last-seat answers in parallel cannot both get in.
      const event = await trx
        .selectFrom('events')
        .select(['capacity', 'reminder_communication_id', 'ends_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (new Date(event.ends_at).getTime() < Date.now()) {
        throw new AppError('conflict', 'The event is over.', { details: { reason: 'over' } })
      }
      if (response === 'yes' && event.capacity !== null) {
        const { n } = await trx
          .selectFrom('event_rsvps')
          .select(sql<string>`count(*)`.as('n'))
          .where('event_id', '=', id)
          .where('response', '=', 'yes')
          .where('user_id', '!=', userId)
          .executeTakeFirstOrThrow()
        if (Number(n) >= event.capacity) {
          throw new AppError('conflict', 'The event is full.', {
            details: { reason: 'full', capacity: event.capacity },
          })
        }
      }
      await trx
        .insertInto('event_rsvps')
        .values({ event_id: id, user_id: userId, response, updated_at: new Date() })
        .onConflict((oc) =>
          oc.columns(['event_id', 'user_id']).doUpdateSet({ response, updated_at: new Date() }),
        )
        .execute()
      // Someone who will not come gets no reminder; changing their mind before it goes out brings it back.
      if (event.reminder_communication_id) {
        const [from, to] =
          response === 'no' ? (['queued', 'cancelled'] as const) : (['cancelled', 'queued'] as const)
        await trx
          .updateTable('communication_deliveries')
          .set({ status: to })
          .where('communication_id', '=', event.reminder_communication_id)
          .where('user_id', '=', userId)
          .where('status', '=', from)
          .where('available_at', '>', new Date())
          .where('communication_id', 'not in', (eb) =>
            eb.selectFrom('communications').select('id').where('cancelled_at', 'is not', null),
          )
          .execute()
      }
    })
    const [row] = await eventSummaries(db, userId, { ids: [id] })
    return c.json({ myResponse: response, counts: row?.counts })
  },
)

eventRoutes.get(
  '/:id/rsvps',
  describeRoute({ summary: 'Who answered what (organisers)', tags: ['events'] }),
  valid('param', EventParam),
  async (c) => {
    const { id } = c.req.valid('param')
    await authorizeEvent(c, id, 'event.manage')
    const rows = await c
      .get('deps')
      .db.selectFrom('event_rsvps as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name', 'r.response', 'r.updated_at'])
      .where('r.event_id', '=', id)
      .orderBy('r.response')
      .orderBy('u.name')
      .execute()
    const rsvps: RsvpRow[] = rows.map((r) => ({
      userId: r.id,
      name: r.name,
      response: r.response,
      updatedAt: new Date(r.updated_at).toISOString(),
    }))
    c.header('Cache-Control', 'no-store')
    return c.json({ rsvps })
  },
)

eventRoutes.post(
  '/:id/cancel',
  describeRoute({
    summary: 'Cancel the event: its reminder, its thread, and a notice to invitees',
    tags: ['events'],
  }),
  valid('param', EventParam),
  async (c) => {
    const { id } = c.req.valid('param')
    const { org } = await authorizeEvent(c, id, 'event.manage')
    const { db, config } = c.get('deps')
    const userId = c.get('principal').userId
    const now = new Date()
    await db.transaction().execute(async (trx) => {
      const e = await trx
        .selectFrom('events')
        .selectAll()
        .where('id', '=', id)
        .where('org_id', '=', org.id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (e.cancelled_at) throw new AppError('conflict', 'The event is already cancelled.')
      // A new SEQUENCE with STATUS:CANCELLED: calendars take it as replacing the copy they hold.
      await trx
        .updateTable('events')
        .set({ cancelled_at: now, updated_at: now, sequence: sql<number>`sequence + 1` })
        .where('id', '=', id)
        .execute()
      await trx
        .updateTable('threads')
        .set({ archived_at: new Date() })
        .where('id', '=', e.thread_id)
        .execute()
      if (e.reminder_communication_id) await cancelCommunication(trx, org.id, e.reminder_communication_id)
      // The cancellation notice: to the invitees who have not said no, on their channels, now.
      let notified = 0
      if (new Date(e.starts_at).getTime() > Date.now()) {
        const invitees = await trx
          .selectFrom('event_invitees as i')
          .leftJoin('event_rsvps as r', (j) =>
            j.onRef('r.event_id', '=', 'i.event_id').onRef('r.user_id', '=', 'i.user_id'),
          )
          .select('i.user_id')
          .where('i.event_id', '=', id)
          .where((eb) => eb.or([eb('r.response', 'is', null), eb('r.response', '!=', 'no')]))
          .execute()
        const wanted = new Set(invitees.map((i) => i.user_id))
        const audience = { segments: [{}] }
        const recipients = (await resolveAudience(trx, org, audience)).filter((r) => wanted.has(r.userId))
        if (recipients.length > 0) {
          // METHOD:CANCEL with the new SEQUENCE in its emails: the calendars drop the event.
          const sender = {
            trx,
            orgId: org.id,
            orgName: await orgName(trx, org.id),
            senderId: userId,
            audience,
            publicUrl: config.publicUrl,
          }
          const event = {
            id,
            title: e.title,
            place: e.place,
            description: '',
            startsAt: new Date(e.starts_at),
            endsAt: new Date(e.ends_at),
            sequence: e.sequence + 1,
            updatedAt: now,
          }
          await sendEventNotice(sender, recipients, 'cancelled', event, now)
          notified = recipients.length
        }
      }
      await audit(trx, {
        orgId: org.id,
        actorId: userId,
        action: 'event.cancel',
        targetType: 'event',
        targetId: id,
        details: { notified },
      })
    })
    return c.json({ ok: true })
  },
)

eventRoutes.get(
  '/:id/event.ics',
  describeRoute({ summary: 'The event as an iCalendar file', tags: ['events'] }),
  valid('param', EventParam),
  async (c) => {
    const { id } = c.req.valid('param')
    await authorizeEvent(c, id, 'event.read')
    const { db, config } = c.get('deps')
    const [row] = await eventSummaries(db, c.get('principal').userId, { ids: [id] })
    if (!row) throw notFound('The event')
    c.header('Content-Type', 'text/calendar; charset=utf-8')
    c.header('Content-Disposition', 'attachment; filename="event.ics"')
    c.header('Cache-Control', 'private, no-store')
    return c.body(eventsIcs([row], config.publicUrl, row.orgName))
  },
)
