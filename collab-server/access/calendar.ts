import type { DocRef } from '../../schema/docs/names.ts'
import { can, type Principal } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Access } from '../access.ts'
import { none } from './none.ts'

/**
 * A calendar document (`<orgId>/calendar/<resourceId>`): the resource's row gives the
 * organisation; whoever may read its bookings (`bookings.read`) watches it, read-only for
 * everyone, staff included. Only the server writes it (server/calendar/publisher.ts), and the
 * guard has no calendar rules, so a client's update is refused even if a level were ever wrong.
 */
export async function decideCalendarAccess(
  db: DB,
  principal: Principal,
  doc: DocRef & { kind: 'calendar' },
): Promise<Access> {
  const row = await db
    .selectFrom('booking_resources')
    .select(['id', 'org_id'])
    .where('id', '=', doc.id)
    .executeTakeFirst()
  // The same answer for "does not exist" and "exists in another organisation".
  if (!row || row.org_id !== doc.orgId) return none('not_found')
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return none('not_found')
  if (!can(principal, 'bookings.read', { type: 'bookings', org }))
    return none(org.status === 'active' ? 'forbidden' : 'org_suspended', org.id)
  return { level: 'read', moderator: false, orgId: org.id, reason: '' }
}
