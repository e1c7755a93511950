import type { DocRef } from '../schema/docs/names.ts'
import { can, type Principal, type ThreadFacts } from '../schema/policy.ts'
import { loadOrgRef } from '../server/access/principal.ts'
import type { DB } from '../server/db/connect.ts'
import { decideBoardAccess } from './access/board.ts'
import { decideCalendarAccess } from './access/calendar.ts'
import { decideCaseAccess, decideCaseThreadAccess } from './caseAccess.ts'

/**
 * What a principal may do with one live document, decided by the same `can()` the API uses,
 * from the object's database row (never from the org in the document name alone).
 */
export type AccessLevel = 'none' | 'read' | 'write'

export interface Access {
  level: AccessLevel
  moderator: boolean
  /** The organisation the object belongs to, from its row; null for personal documents. */
  orgId: string | null
  /** Why access is none, for the client and the log. */
  reason: string
}

const NONE = (reason: string, orgId: string | null = null): Access => ({
  level: 'none',
  moderator: false,
  orgId,
  reason,
})

export async function decideAccess(db: DB, principal: Principal, doc: DocRef): Promise<Access> {
  if (doc.kind === 'inbox') {
    // The server writes the inbox; its owner may only mark items read (guard/inboxRules.ts).
    return doc.userId === principal.userId
      ? { level: 'write', moderator: false, orgId: null, reason: '' }
      : NONE('not your inbox')
  }
  if (doc.kind === 'board') return decideBoardAccess(db, principal, { ...doc, kind: 'board' })
  if (doc.kind === 'calendar') return decideCalendarAccess(db, principal, { ...doc, kind: 'calendar' })
  if (doc.kind === 'case') return decideCaseAccess(db, principal, doc)
  if (doc.kind !== 'thread') return NONE(`${doc.kind} documents are not available yet`)
  const caseThread = await decideCaseThreadAccess(db, principal, doc)
  if (caseThread) return caseThread
  const row = await db
    .selectFrom('threads')
    .select(['id', 'org_id', 'audience', 'archived_at'])
    .where('id', '=', doc.id)
    .executeTakeFirst()
  // The same answer for "does not exist" and "exists in another organisation".
  if (!row || row.org_id !== doc.orgId) return NONE('not_found')
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return NONE('not_found')
  const thread: ThreadFacts = { id: row.id, audience: row.audience, archived: row.archived_at !== null }
  const resource = { type: 'thread', org, thread } as const
  if (!can(principal, 'thread.read', resource))
    return NONE(org.status === 'active' ? 'forbidden' : 'org_suspended', org.id)
  const moderator = can(principal, 'thread.moderate', resource)
  const level: AccessLevel = can(principal, 'thread.write', resource) ? 'write' : 'read'
  return { level, moderator, orgId: org.id, reason: '' }
}
