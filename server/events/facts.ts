import type { EventFacts, OrgRef, Principal } from '../../schema/policy.ts'
import { loadOrgRef } from '../access/principal.ts'
import type { DB } from '../db/connect.ts'

/**
 * An event as the policy sees it (schema/policy/events.ts), loaded from its rows: the
 * organisation of the event row, whether the principal is one of its invitees, whether it is
 * cancelled. One loader for the API, the thread access (server/access/threadAccess.ts) and so the
 * collab server and the notifier.
 */
export interface LoadedEvent {
  org: OrgRef
  facts: EventFacts
  threadId: string
}

export async function loadEventFacts(db: DB, p: Principal, eventId: string): Promise<LoadedEvent | null> {
  const row = await db
    .selectFrom('events as e')
    .leftJoin('event_invitees as i', (j) => j.onRef('i.event_id', '=', 'e.id').on('i.user_id', '=', p.userId))
    .select(['e.id', 'e.org_id', 'e.cancelled_at', 'e.thread_id', 'i.user_id as invitee'])
    .where('e.id', '=', eventId)
    .executeTakeFirst()
  if (!row) return null
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return null
  return {
    org,
    threadId: row.thread_id,
    facts: { id: row.id, invited: row.invitee !== null, cancelled: row.cancelled_at !== null },
  }
}

/** The event whose chat thread this is, or null. */
export async function eventOfThread(db: DB, threadId: string): Promise<string | null> {
  const row = await db.selectFrom('events').select('id').where('thread_id', '=', threadId).executeTakeFirst()
  return row?.id ?? null
}
