import type { DocRef } from '../schema/docs/names.ts'
import { can, type Principal } from '../schema/policy.ts'
import { loadCaseFacts } from '../server/access/caseFacts.ts'
import { threadAccess } from '../server/access/threadAccess.ts'
import type { DB } from '../server/db/connect.ts'
import type { Access } from './access.ts'

/**
 * Access to a case document and to the threads attached to a case, from the case row through
 * the same `can()` the API uses. For a case document `moderator` means "case manager": the write
 * guard lets only managers change status, assignee, due date, category and priority.
 */
const none = (reason: string, orgId: string | null = null): Access => ({
  level: 'none',
  moderator: false,
  orgId,
  reason,
})

export async function decideCaseAccess(db: DB, principal: Principal, doc: DocRef): Promise<Access> {
  if (doc.kind !== 'case') return none('not a case')
  const loaded = await loadCaseFacts(db, doc.id)
  // The same answer for "does not exist" and "exists in another organisation".
  if (!loaded || loaded.org.id !== doc.orgId) return none('not_found')
  const { org } = loaded
  const resource = { type: 'case', org, case: loaded.facts } as const
  if (!can(principal, 'case.read', resource))
    return none(org.status === 'active' ? 'forbidden' : 'org_suspended', org.id)
  return {
    level: can(principal, 'case.edit', resource) ? 'write' : 'read',
    moderator: can(principal, 'case.manage', resource),
    orgId: org.id,
    reason: '',
  }
}

/** Access to a case's thread or internal notes; null when the thread is not attached to a case. */
export async function decideCaseThreadAccess(
  db: DB,
  principal: Principal,
  doc: DocRef,
): Promise<Access | null> {
  if (doc.kind !== 'thread') return null
  const row = await db
    .selectFrom('threads')
    .select(['org_id', 'case_id'])
    .where('id', '=', doc.id)
    .executeTakeFirst()
  if (!row?.case_id) return null
  if (row.org_id !== doc.orgId) return none('not_found')
  const access = await threadAccess(db, principal, doc.id)
  if (!access) return none('not_found')
  if (!access.read) return none('forbidden', access.orgId)
  return {
    level: access.write ? 'write' : 'read',
    moderator: access.moderate,
    orgId: access.orgId,
    reason: '',
  }
}
