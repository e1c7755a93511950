import type { DocRef } from '../schema/docs/names.ts'
import type { Principal } from '../schema/policy.ts'
import type { DB } from '../server/db/connect.ts'
import { decideBoardAccess } from './access/board.ts'
import { decideCalendarAccess } from './access/calendar.ts'
import { decideCaseAccess } from './access/case.ts'
import { none } from './access/none.ts'
import { decideThreadAccess } from './access/thread.ts'

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

export async function decideAccess(db: DB, principal: Principal, doc: DocRef): Promise<Access> {
  if (doc.kind === 'inbox') {
    // The server writes the inbox; its owner may only mark items read (guard/inboxRules.ts).
    return doc.userId === principal.userId
      ? { level: 'write', moderator: false, orgId: null, reason: '' }
      : none('not your inbox')
  }
  if (doc.kind === 'board') return decideBoardAccess(db, principal, { ...doc, kind: 'board' })
  if (doc.kind === 'calendar') return decideCalendarAccess(db, principal, { ...doc, kind: 'calendar' })
  if (doc.kind === 'case') return decideCaseAccess(db, principal, doc)
  if (doc.kind !== 'thread') return none(`${doc.kind} documents are not available yet`)
  return decideThreadAccess(db, principal, { ...doc, kind: 'thread' })
}
