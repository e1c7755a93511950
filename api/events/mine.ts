import type { EventSummary } from '../../schema/events/api.ts'
import { type Principal, rolesIn } from '../../schema/policy.ts'
import { loadOrgRefs } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { eventSummaries } from './queries.ts'

/**
 * The events a person is invited to, across organisations, that have not ended (or, for the
 * calendar feed, also those of the last 30 days). An invitation counts only while its holder
 * still holds a role in the organisation: someone who moved out stops seeing the events.
 */
export async function myEvents(
  db: DB,
  principal: Principal,
  opts: { recentDays?: number } = {},
): Promise<Array<EventSummary & { description: string }>> {
  const rows = await eventSummaries(db, principal.userId, {
    invitedExceptOrgs: [],
    ...(opts.recentDays
      ? { endedAfter: new Date(Date.now() - opts.recentDays * 86_400_000) }
      : { upcoming: true }),
  })
  const orgs = await loadOrgRefs(
    db,
    rows.map((r) => r.orgId),
  )
  const member = (orgId: string) => {
    const org = orgs.get(orgId)
    return org !== undefined && rolesIn(principal, org).size > 0
  }
  return rows
    .filter((r) => member(r.orgId))
    .map(({ reminderHours: _r, threadId: _t, audience: _a, ...s }) => s)
}
