import { sql } from 'kysely'
import type { Audience } from '../../schema/communications/api.ts'
import { AppError } from '../../schema/errors.ts'
import { type EventPatch, eventTimeProblems } from '../../schema/events/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { type Recipient, resolveAudience } from '../../server/communications/audience.ts'
import { cancelCommunication } from '../../server/communications/enqueue.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import type { EventChange } from '../../server/events/texts.ts'
import { audit } from '../admin/audit.ts'
import { checkSendRate } from '../communications/rateLimit.ts'
import { type NoticeEvent, type NoticeSender, orgName, sendEventNotice } from './notices.ts'

/**
 * Editing an event after it was created (PATCH /api/events/:id), in the caller's transaction
 * under the event's row lock (an answer for the last place waits for it, as in RSVP):
 *
 * - Time, place, title, description: the people still invited are told by a change notice now
 *   (portal — their Messages — plus email and SMS by preference, in their language) and the
 *   event's SEQUENCE grows, so the ICS and the calendar feed replace the copy calendars hold;
 *   the notice's emails carry that ICS (METHOD:REQUEST), so a calendar updates its entry.
 * - Audience: resolved again. People newly reached become invitees and get an invitation (the
 *   event as it is now, ICS METHOD:REQUEST); people no longer reached stop being invitees, their
 *   answers go with them and, unless they had said no, they get a cancellation notice (ICS
 *   METHOD:CANCEL, so their calendar drops it). Everyone else keeps their answer.
 * - The reminder is rebuilt whenever what it says or when it goes out changes: the queued one is
 *   cancelled and a new one scheduled for the invitees as they are now (not for those who said no).
 * - Capacity may not drop below the number already coming (409 `below_answers`).
 *
 * Notices count against the editor's hourly recipient limit, so editing an event over and over
 * cannot become a way round it. A cancelled or ended event is not edited (409).
 */
export interface EditResult {
  changed: string[]
  notified: number
  added: number
  removed: number
  sequence: number
}

const CHUNK = 1000

/** An audience as comparable text: jsonb reorders keys, and the order of ids means nothing. */
function canonical(a: Audience): string {
  return JSON.stringify(
    a.segments.map((s) =>
      (['roles', 'buildingIds', 'staircaseIds', 'apartmentIds'] as const).map((k) =>
        [...(s[k] ?? [])].sort(),
      ),
    ),
  )
}

export async function editEvent(
  trx: DB,
  org: OrgRef,
  editorId: string,
  id: string,
  patch: EventPatch,
  recipientsPerHour: number,
  publicUrl: string,
): Promise<EditResult> {
  const e = await trx
    .selectFrom('events')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', org.id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  if (e.cancelled_at)
    throw new AppError('conflict', 'The event is cancelled.', { details: { reason: 'cancelled' } })
  if (new Date(e.ends_at).getTime() < Date.now())
    throw new AppError('conflict', 'The event is over.', { details: { reason: 'over' } })

  const before = {
    title: e.title,
    description: e.description,
    place: e.place,
    startsAt: new Date(e.starts_at),
    endsAt: new Date(e.ends_at),
    audience: (typeof e.audience === 'string' ? JSON.parse(e.audience) : e.audience) as Audience,
  }
  const after = {
    title: patch.title ?? before.title,
    description: patch.description ?? before.description,
    place: patch.place ?? before.place,
    startsAt: patch.startsAt ? new Date(patch.startsAt) : before.startsAt,
    endsAt: patch.endsAt ? new Date(patch.endsAt) : before.endsAt,
    audience: patch.audience ?? before.audience,
    capacity: patch.capacity === undefined ? e.capacity : patch.capacity,
    reminderHours: patch.reminderHours === undefined ? e.reminder_hours : patch.reminderHours,
  }
  const timeMoved =
    after.startsAt.getTime() !== before.startsAt.getTime() ||
    after.endsAt.getTime() !== before.endsAt.getTime()
  const problems = eventTimeProblems(
    after.startsAt.toISOString(),
    after.endsAt.toISOString(),
    after.startsAt.getTime() !== before.startsAt.getTime(),
  )
  if (problems.length > 0) {
    throw new AppError('validation_failed', problems[0]!.message, {
      details: { issues: problems.map((p) => ({ path: p.path, message: p.message })) },
    })
  }

  // What attendees are told changed, in the order the notice names it.
  const changes: EventChange[] = [
    ...(after.title !== before.title ? (['title'] as const) : []),
    ...(timeMoved ? (['time'] as const) : []),
    ...(after.place !== before.place ? (['place'] as const) : []),
    ...(after.description !== before.description ? (['description'] as const) : []),
  ]
  const audienceChanged = canonical(after.audience) !== canonical(before.audience)
  const capacityChanged = after.capacity !== e.capacity
  const reminderChanged = after.reminderHours !== e.reminder_hours
  const changed = [
    ...changes,
    ...(audienceChanged ? ['audience'] : []),
    ...(capacityChanged ? ['capacity'] : []),
    ...(reminderChanged ? ['reminder'] : []),
  ]
  if (changed.length === 0) return { changed, notified: 0, added: 0, removed: 0, sequence: e.sequence }

  if (capacityChanged && after.capacity !== null) {
    const { n } = await trx
      .selectFrom('event_rsvps')
      .select(sql<string>`count(*)`.as('n'))
      .where('event_id', '=', id)
      .where('response', '=', 'yes')
      .executeTakeFirstOrThrow()
    if (Number(n) > after.capacity) {
      throw new AppError('conflict', `${n} have already said they are coming: more than the places given.`, {
        details: { reason: 'below_answers', coming: Number(n) },
      })
    }
  }

  // Everyone the organisation reaches now, with addresses and preferences; invitees are a subset.
  const everyone = await resolveAudience(trx, org, { segments: [{}] })
  const byId = new Map(everyone.map((r) => [r.userId, r]))
  const invitedBefore = new Set(
    (await trx.selectFrom('event_invitees').select('user_id').where('event_id', '=', id).execute()).map(
      (r) => r.user_id,
    ),
  )
  let invited = invitedBefore
  const removed: string[] = []
  const added: string[] = []
  if (audienceChanged) {
    const reached = await resolveAudience(trx, org, after.audience)
    if (reached.length === 0) {
      throw new AppError('validation_failed', 'The audience reaches nobody.', {
        details: { issues: [{ path: 'audience', message: 'The audience reaches nobody.' }] },
      })
    }
    invited = new Set(reached.map((r) => r.userId))
    for (const u of invitedBefore) if (!invited.has(u)) removed.push(u)
    for (const u of invited) if (!invitedBefore.has(u)) added.push(u)
  }
  const answers = new Map(
    (
      await trx.selectFrom('event_rsvps').select(['user_id', 'response']).where('event_id', '=', id).execute()
    ).map((r) => [r.user_id, r.response]),
  )
  const pick = (ids: Iterable<string>) =>
    [...ids].map((u) => byId.get(u)).filter((r): r is Recipient => r !== undefined)
  // Told of the change: those invited before and still invited (a newcomer sees the event as it is now).
  const toNotify = changes.length > 0 ? pick([...invited].filter((u) => invitedBefore.has(u))) : []
  // Told it is off for them: those no longer invited who had not already said no.
  const toUninvite = pick(removed.filter((u) => answers.get(u) !== 'no'))
  // The reminder is rebuilt when what it says, when it goes out or to whom changes.
  const rebuildReminder = changes.length > 0 || audienceChanged || reminderChanged
  const remindAt = after.reminderHours
    ? new Date(after.startsAt.getTime() - after.reminderHours * 3600_000)
    : null
  const reminding = rebuildReminder && remindAt !== null && remindAt.getTime() > Date.now()
  // Notices now (changes, invitations, cancellations), and a reminder for people it did not reach
  // before, count like a send: an edit cannot grow a small event's audience past the hourly limit.
  const toInvite = pick(added)
  const reach = toNotify.length + toUninvite.length + toInvite.length + (reminding ? added.length : 0)
  if (reach > 0) await checkSendRate(trx, editorId, reach, recipientsPerHour)

  for (let i = 0; i < removed.length; i += CHUNK) {
    const part = removed.slice(i, i + CHUNK)
    await trx.deleteFrom('event_rsvps').where('event_id', '=', id).where('user_id', 'in', part).execute()
    await trx.deleteFrom('event_invitees').where('event_id', '=', id).where('user_id', 'in', part).execute()
  }
  for (let i = 0; i < added.length; i += CHUNK) {
    await trx
      .insertInto('event_invitees')
      .values(added.slice(i, i + CHUNK).map((u) => ({ event_id: id, user_id: u })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }

  // A new SEQUENCE when a calendar's copy is out of date: what it shows changed.
  const bump = changes.length > 0
  const now = new Date()
  const event: NoticeEvent = {
    id,
    title: after.title,
    place: after.place,
    description: after.description,
    startsAt: after.startsAt,
    endsAt: after.endsAt,
    sequence: e.sequence + (bump ? 1 : 0),
    updatedAt: now,
  }
  const sender: NoticeSender = {
    trx,
    orgId: org.id,
    orgName: await orgName(trx, org.id),
    senderId: editorId,
    audience: after.audience,
    publicUrl,
  }

  let reminderId = e.reminder_communication_id
  if (rebuildReminder) {
    // One that has already gone out stays as it was (it was sent); one still waiting is cancelled.
    const oldDue = e.reminder_hours ? before.startsAt.getTime() - e.reminder_hours * 3600_000 : 0
    if (reminderId && oldDue > Date.now()) await cancelCommunication(trx, org.id, reminderId)
    reminderId = null
    const reminded = pick(invited)
    if (reminding && remindAt && reminded.length > 0) {
      reminderId = await sendEventNotice(sender, reminded, 'reminder', event, remindAt)
      // Those who said no get no reminder, as when they answered.
      const no = reminded.filter((r) => answers.get(r.userId) === 'no').map((r) => r.userId)
      for (let i = 0; i < no.length; i += CHUNK) {
        await trx
          .updateTable('communication_deliveries')
          .set({ status: 'cancelled' })
          .where('communication_id', '=', reminderId)
          .where('user_id', 'in', no.slice(i, i + CHUNK))
          .where('status', '=', 'queued')
          .execute()
      }
    }
  }

  if (toNotify.length > 0) await sendEventNotice(sender, toNotify, 'changed', event, now, changes)
  if (toInvite.length > 0) await sendEventNotice(sender, toInvite, 'invited', event, now)
  if (toUninvite.length > 0) await sendEventNotice(sender, toUninvite, 'cancelled', event, now)

  const updated = await trx
    .updateTable('events')
    .set({
      title: after.title,
      description: after.description,
      place: after.place,
      starts_at: after.startsAt,
      ends_at: after.endsAt,
      audience: jsonb(after.audience),
      capacity: after.capacity,
      reminder_hours: after.reminderHours,
      reminder_communication_id: reminderId,
      updated_at: now,
      ...(bump ? { sequence: sql<number>`sequence + 1` } : {}),
    })
    .where('id', '=', id)
    .returning('sequence')
    .executeTakeFirstOrThrow()
  if (after.title !== before.title)
    await trx.updateTable('threads').set({ title: after.title }).where('id', '=', e.thread_id).execute()

  const result: EditResult = {
    changed,
    notified: toNotify.length,
    added: added.length,
    removed: removed.length,
    sequence: updated.sequence,
  }
  await audit(trx, {
    orgId: org.id,
    actorId: editorId,
    action: 'event.update',
    targetType: 'event',
    targetId: id,
    details: {
      title: after.title,
      ...result,
      invitedNotified: toInvite.length,
      uninvitedNotified: toUninvite.length,
    },
  })
  return result
}
