import type { DocRef } from '../../schema/docs/names.ts'
import type { Principal } from '../../schema/policy.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Access } from '../access.ts'
import { none } from './none.ts'

/**
 * A thread document — a standing channel, a case's thread or its internal notes — decided by the
 * one `threadAccess` the API and the notifier use too (it was decided twice: channels here, case
 * threads there, and a suspended organisation's case thread answered "forbidden").
 */
export async function decideThreadAccess(
  db: DB,
  principal: Principal,
  doc: DocRef & { kind: 'thread' },
): Promise<Access> {
  const access = await threadAccess(db, principal, doc.id)
  // The same answer for "does not exist" and "exists in another organisation".
  if (!access || access.orgId !== doc.orgId) return none('not_found')
  if (!access.read) return none(access.orgActive ? 'forbidden' : 'org_suspended', access.orgId)
  return {
    level: access.write ? 'write' : 'read',
    moderator: access.moderate,
    orgId: access.orgId,
    reason: '',
  }
}
