import { sql } from 'kysely'
import { can, type OrgRef, type Principal, reachIn, readsEveryCase } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Searcher } from '../../server/search/types.ts'
import { judgeNamed, type NamedGroup, namedCases, namedGroups } from './namedCases.ts'

/**
 * Where named cases are not looked up: member organisations where the caller reads every case.
 * Judged on the memberships alone (an active organisation without a managing company, whose staff
 * grants could only add roles), so the lookup can ride on the statement that reads the
 * organisations' rows; `searcherFor` then checks the judgement against those rows.
 */
export function skippedForNamedCases(principal: Principal): string[] {
  return [...new Set(principal.memberships.map((m) => m.orgId))].filter((id) => {
    const kind = principal.memberships.find((m) => m.orgId === id)?.orgKind ?? 'housing_cooperative'
    return readsEveryCase(principal, { id, kind, status: 'active', managedBy: null })
  })
}

/**
 * The organisations a principal may search and their reach in each, from the database rows of
 * those organisations and the one policy: direct memberships, plus the cooperatives run by a
 * management company where they are staff. Platform admins search only where they are members
 * (they see everything through the admin pages, not through search).
 *
 * Guest organisations: active cooperatives where the principal holds no role but is the
 * assignee or an explicit participant of a case (a contractor) that the policy still lets them
 * read; the adapters admit there only the records that name them. The records of cases naming
 * them that the policy no longer lets them read (removed from the company they were added
 * through, a role lowered) are `hidden`, in member and guest organisations alike (namedCases.ts).
 * Where the caller reads every case of a member organisation (the policy's `readsEveryCase`), the
 * cases naming them there are not looked up at all: none can be hidden, and the organisation is
 * searched as a member anyway.
 * `orgRefs`: the policy's view of each organisation in reach, as read here (so the caller need
 * not load them again, one query per organisation).
 */
export async function searcherFor(
  db: DB,
  principal: Principal,
): Promise<{ searcher: Searcher; orgNames: Map<string, string>; orgRefs: Map<string, OrgRef> }> {
  const direct = [...new Set(principal.memberships.map((m) => m.orgId))]
  const companies = [
    ...new Set(principal.memberships.filter((m) => m.orgKind === 'management_company').map((m) => m.orgId)),
  ]
  if (direct.length === 0)
    return { searcher: { userId: principal.userId, reach: [] }, orgNames: new Map(), orgRefs: new Map() }
  const skipped = skippedForNamedCases(principal)
  // The organisations' rows and, on the first, the named cases grouped for the policy: one
  // statement (issue 19; they were two).
  const groups = sql<NamedGroup[] | string>`(SELECT coalesce(json_agg(g), '[]'::json)
    FROM (${namedGroups(db, principal.userId, skipped)}) g)`
  const rows = await db
    .selectFrom('organisations')
    .select([
      'id',
      'kind',
      'status',
      'managed_by',
      'name',
      sql<NamedGroup[] | string | null>`CASE WHEN row_number() OVER () = 1 THEN ${groups} END`.as('named'),
    ])
    .where((eb) =>
      companies.length > 0
        ? eb.or([eb('id', 'in', direct), eb('managed_by', 'in', companies)])
        : eb('id', 'in', direct),
    )
    .execute()
  const reach = []
  const orgNames = new Map<string, string>()
  const orgRefs = new Map<string, OrgRef>()
  for (const row of rows) {
    const org: OrgRef = { id: row.id, kind: row.kind, status: row.status, managedBy: row.managed_by }
    if (!can(principal, 'search.use', { type: 'folder', org, folder: null })) continue
    const r = reachIn(principal, org)
    if (!r) continue
    reach.push(r)
    orgNames.set(row.id, row.name)
    orgRefs.set(row.id, org)
  }
  // Kept out rightly only if the row says so too and the organisation is searched as a member;
  // otherwise (suspended, deleted, searched as a guest) the lookup runs again over every case.
  const wrong = skipped.some((id) => {
    const org = orgRefs.get(id)
    return !org || !readsEveryCase(principal, org)
  })
  const carried = rows.find((r) => r.named !== null)?.named
  const named =
    wrong || carried === undefined || carried === null
      ? await namedCases(db, principal)
      : await judgeNamed(db, principal, typeof carried === 'string' ? JSON.parse(carried) : carried, skipped)
  const guestOrgs = [...named.readableOrgs.keys()].filter((id) => !orgNames.has(id))
  for (const id of guestOrgs) orgNames.set(id, named.readableOrgs.get(id) ?? '')
  return { searcher: { userId: principal.userId, reach, guestOrgs, hidden: named.hidden }, orgNames, orgRefs }
}
