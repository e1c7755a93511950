import type { Audience } from '../../schema/communications/api.ts'
import { AppError } from '../../schema/errors.ts'
import type { OrgRef } from '../../schema/policy.ts'
import type { Recipient } from '../../server/communications/audience.ts'
import { enqueueCommunication } from '../../server/communications/enqueue.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { eventTexts } from '../../server/events/texts.ts'
import { audit } from '../admin/audit.ts'
import { checkSendRate } from '../communications/rateLimit.ts'

/**
 * Creates an event in the caller's transaction: its chat thread (a `threads` row of kind
 * 'event', guarded and moderated like every thread), its invitees (the audience resolved now,
 * like a communication's recipients), and its reminder — a communication scheduled `reminderHours`
 * before the start, on each invitee's email and SMS preferences (portal always), delivered by the
 * communications worker. The reminder counts against the sender's hourly recipient limit.
 */
export interface NewEvent {
  title: string
  description: string
  place: string
  startsAt: Date
  endsAt: Date
  audience: Audience
  capacity: number | null
  reminderHours: number | null
}

const CHUNK = 1000

export async function createEvent(
  trx: DB,
  org: OrgRef,
  creatorId: string,
  e: NewEvent,
  recipients: readonly Recipient[],
  recipientsPerHour: number,
): Promise<{ id: string; reminderId: string | null }> {
  if (recipients.length === 0) {
    throw new AppError('validation_failed', 'The audience reaches nobody.', {
      details: { issues: [{ path: 'audience', message: 'The audience reaches nobody.' }] },
    })
  }
  const thread = await trx
    .insertInto('threads')
    .values({ org_id: org.id, kind: 'event', title: e.title, audience: 'members', created_by: creatorId })
    .returning('id')
    .executeTakeFirstOrThrow()
  let reminderId: string | null = null
  const remindAt = e.reminderHours ? new Date(e.startsAt.getTime() - e.reminderHours * 3600_000) : null
  if (remindAt && remindAt.getTime() > Date.now()) {
    await checkSendRate(trx, creatorId, recipients.length, recipientsPerHour)
    const texts = eventTexts(e, 'reminder')
    reminderId = (
      await enqueueCommunication(trx, {
        orgId: org.id,
        senderId: creatorId,
        subject: texts.fi.title,
        body: texts.fi.body,
        audience: e.audience,
        // A reminder by letter would arrive after the event: portal, email and SMS only.
        override: { channels: ['email', 'sms'] },
        scheduledAt: remindAt,
        recipients,
        texts,
      })
    ).id
  }
  const { id } = await trx
    .insertInto('events')
    .values({
      org_id: org.id,
      title: e.title,
      description: e.description,
      place: e.place,
      starts_at: e.startsAt,
      ends_at: e.endsAt,
      audience: jsonb(e.audience),
      capacity: e.capacity,
      reminder_hours: e.reminderHours,
      reminder_communication_id: reminderId,
      thread_id: thread.id,
      created_by: creatorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (let i = 0; i < recipients.length; i += CHUNK) {
    await trx
      .insertInto('event_invitees')
      .values(recipients.slice(i, i + CHUNK).map((r) => ({ event_id: id, user_id: r.userId })))
      .execute()
  }
  await audit(trx, {
    orgId: org.id,
    actorId: creatorId,
    action: 'event.create',
    targetType: 'event',
    targetId: id,
    details: { invitees: recipients.length, reminder: reminderId, startsAt: e.startsAt.toISOString() },
  })
  return { id, reminderId }
}
