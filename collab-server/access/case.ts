import type { DocRef } from '../../schema/docs/names.ts'
import { can, type Principal } from '../../schema/policy.ts'
import { loadCaseFacts } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Access } from '../access.ts'
import { none } from './none.ts'

/**
 * Access to a case document, from the case row through the same `can()` the API uses (its
 * threads: access/thread.ts). For a case document `moderator` means "case manager": the write
 * guard lets only managers change status, assignee, due date, category and priority.
 */
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
