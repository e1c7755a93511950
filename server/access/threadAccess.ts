import { type CaseAction, can, type Principal } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'
import { eventOfThread, loadEventFacts } from '../events/facts.ts'
import { loadCaseFacts } from './caseFacts.ts'
import { loadOrgRef } from './principal.ts'

/**
 * What a principal may do with one thread, from its row: a standing channel by the thread rules,
 * a case's thread and its internal notes by the case rules. One place, used by the API (read
 * state, attachments), the collab server (document access, collab-server/access/thread.ts) and
 * the notifier, so they never drift.
 */
export interface ThreadAccess {
  orgId: string
  read: boolean
  write: boolean
  moderate: boolean
  /** Reads every version of a message (moderators and auditors). */
  history: boolean
  /** False when the organisation is suspended: why `read` is false for everyone but platform admins. */
  orgActive: boolean
}

const CASE_LAYER: Record<'case' | 'internal', { read: CaseAction; write: CaseAction }> = {
  case: { read: 'case.read', write: 'case.comment' },
  internal: { read: 'case.internal.read', write: 'case.internal.write' },
}

export async function threadAccess(db: DB, p: Principal, threadId: string): Promise<ThreadAccess | null> {
  const row = await db
    .selectFrom('threads')
    .select(['id', 'org_id', 'audience', 'archived_at', 'case_id', 'layer', 'kind'])
    .where('id', '=', threadId)
    .executeTakeFirst()
  if (!row) return null
  if (row.case_id && row.layer) {
    const loaded = await loadCaseFacts(db, row.case_id)
    if (!loaded || loaded.org.id !== row.org_id) return null
    const resource = { type: 'case', org: loaded.org, case: loaded.facts } as const
    const may = (a: CaseAction) => can(p, a, resource)
    const layer = CASE_LAYER[row.layer]
    const read = may(layer.read)
    return {
      orgId: row.org_id,
      orgActive: loaded.org.status === 'active',
      read,
      write: read && row.archived_at === null && may(layer.write),
      moderate: read && may('case.moderate'),
      history: read && may('case.history'),
    }
  }
  // An event's thread: read and written by the event's rules (its invitees and organisers).
  if (row.kind === 'event') {
    const eventId = await eventOfThread(db, row.id)
    const loaded = eventId ? await loadEventFacts(db, p, eventId) : null
    if (!loaded || loaded.org.id !== row.org_id) return null
    const resource = { type: 'event', org: loaded.org, event: loaded.facts } as const
    const read = can(p, 'event.read', resource)
    return {
      orgId: row.org_id,
      orgActive: loaded.org.status === 'active',
      read,
      write: read && row.archived_at === null && can(p, 'event.write', resource),
      moderate: read && can(p, 'event.moderate', resource),
      history: read && can(p, 'event.moderate', resource),
    }
  }
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return null
  const thread = { id: row.id, audience: row.audience, archived: row.archived_at !== null }
  const resource = { type: 'thread', org, thread } as const
  const read = can(p, 'thread.read', resource)
  return {
    orgId: org.id,
    orgActive: org.status === 'active',
    read,
    write: read && can(p, 'thread.write', resource),
    moderate: read && can(p, 'thread.moderate', resource),
    history: read && can(p, 'thread.history', resource),
  }
}
