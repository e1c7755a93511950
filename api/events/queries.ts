import { sql } from 'kysely'
import type { Audience } from '../../schema/communications/api.ts'
import { type EventSummary, emptyCounts, type Rsvp } from '../../schema/events/api.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Event summaries with their answer counts, invitee count and the caller's own answer, in one
 * query. `visibleTo` restricts to the events a person is invited to unless `organiserOrgs` names
 * the event's organisation (organisers see all of its events).
 */
export async function eventSummaries(
  db: DB,
  userId: string,
  where: {
    orgId?: string
    ids?: string[]
    /** Only events this user is invited to, except in these organisations. */
    invitedExceptOrgs?: string[]
    upcoming?: boolean
    endedAfter?: Date
  },
): Promise<
  Array<
    EventSummary & { description: string; reminderHours: number | null; threadId: string; audience: Audience }
  >
> {
  let q = db
    .selectFrom('events as e')
    .innerJoin('organisations as o', 'o.id', 'e.org_id')
    .select([
      'e.id',
      'e.org_id',
      'o.name as org_name',
      'e.title',
      'e.place',
      'e.description',
      'e.starts_at',
      'e.ends_at',
      'e.capacity',
      'e.cancelled_at',
      'e.reminder_hours',
      'e.thread_id',
      'e.audience',
      'e.sequence',
      'e.updated_at',
      sql<string>`(SELECT count(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.response = 'yes')`.as(
        'yes',
      ),
      sql<string>`(SELECT count(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.response = 'no')`.as(
        'no',
      ),
      sql<string>`(SELECT count(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.response = 'maybe')`.as(
        'maybe',
      ),
      sql<string>`(SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id)`.as('invited'),
      sql<Rsvp | null>`(SELECT r.response FROM event_rsvps r WHERE r.event_id = e.id AND r.user_id = ${userId})`.as(
        'mine',
      ),
    ])
  if (where.orgId) q = q.where('e.org_id', '=', where.orgId)
  if (where.ids)
    q = q.where('e.id', 'in', where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000'])
  if (where.upcoming) q = q.where('e.ends_at', '>', new Date())
  if (where.endedAfter) q = q.where('e.ends_at', '>', where.endedAfter)
  if (where.invitedExceptOrgs) {
    const except = where.invitedExceptOrgs
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('event_invitees as i')
            .select('i.user_id')
            .whereRef('i.event_id', '=', 'e.id')
            .where('i.user_id', '=', userId),
        ),
        ...(except.length ? [eb('e.org_id', 'in', except)] : []),
      ]),
    )
  }
  const rows = await q.orderBy('e.starts_at').limit(500).execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    place: r.place,
    description: r.description,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    capacity: r.capacity,
    cancelled: r.cancelled_at !== null,
    reminderHours: r.reminder_hours,
    threadId: r.thread_id,
    counts: { ...emptyCounts(), yes: Number(r.yes), no: Number(r.no), maybe: Number(r.maybe) },
    invited: Number(r.invited),
    myResponse: r.mine ?? null,
    sequence: r.sequence,
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
    audience: (typeof r.audience === 'string' ? JSON.parse(r.audience) : r.audience) as Audience,
  }))
}
