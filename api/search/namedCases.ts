import { sql } from 'kysely'
import { type CaseFacts, can, type OrgRef, type Principal } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId } from '../../server/search/types.ts'
import { casesNaming } from '../cases/list.ts'

export interface NamedCases {
  /** Cooperatives (id → name) where at least one case naming the searcher is still theirs to read. */
  readableOrgs: Map<string, string>
  /** Search record ids of the cases naming them that they may no longer read, and of their messages. */
  hidden: string[]
}

/**
 * The cases that name the searcher (reporter, assignee, participant) in active cooperatives, each
 * put to the one policy (`can(case.read)`) with the facts the case routes load (server/access/caseFacts.ts),
 * their participation with the partner company they were added through. The search index lists such
 * people by id and is rewritten only when the case changes, so a removal or a role change is
 * decided here, at query time: a case the policy no longer lets them read, and its conversations,
 * are hidden from them (issue 12).
 *
 * The policy asks about this principal only, so a case's facts differ for it only in what names
 * them (reporter, assignee, their own participation row and the company it was added through),
 * the case's building and sharing, and its organisation: the cases are first read grouped by
 * exactly those, one policy question per group (someone who reported or handles hundreds of cases
 * got hundreds of rows and questions on every search: issue 19). Only when a group is refused are
 * the cases read one by one, as before, for the ids to hide.
 *
 * `skipOrgs`: organisations left out because the caller reads every case there (`readsEveryCase`)
 * and searches them as a member: no named case there can be hidden, and the organisation is in
 * reach anyway. The board member who reported 500 cases no longer has them aggregated on each
 * search (issue 19). The caller vouches for the list (searcher.ts checks it against the rows).
 */
export async function namedCases(
  db: DB,
  principal: Principal,
  skipOrgs: readonly string[] = [],
): Promise<NamedCases> {
  return judgeNamed(db, principal, await namedGroups(db, principal.userId, skipOrgs).execute(), skipOrgs)
}

/** The cases naming `me`, grouped by the facts the policy reads about them (a query to run). */
export function namedGroups(db: DB, me: string, skipOrgs: readonly string[]) {
  const named = namedCaseRows(db, me, skipOrgs)
    .select([
      sql<boolean>`c.reporter_id = ${me}`.as('reporter'),
      sql<boolean>`c.assignee_id = ${me}`.as('assignee'),
      sql<boolean>`c.assignee_id IS NULL`.as('unassigned'),
    ])
    .as('n')
  const columns = [
    'n.org_id',
    'n.name',
    'n.kind',
    'n.status',
    'n.managed_by',
    'n.reporter',
    'n.assignee',
    'n.unassigned',
    'n.building_id',
    'n.shared_with_building',
    'n.participant',
    'n.via_id',
    'n.via_kind',
    'n.via_status',
    'n.via_managed_by',
  ] as const
  return db.selectFrom(named).select(columns).groupBy(columns)
}
export type NamedGroup = Awaited<ReturnType<ReturnType<typeof namedGroups>['execute']>>[number]

/** `namedGroups`' rows put to the policy, one question per group; refused groups read case by case. */
export async function judgeNamed(
  db: DB,
  principal: Principal,
  groups: readonly NamedGroup[],
  skipOrgs: readonly string[],
): Promise<NamedCases> {
  const me = principal.userId
  const readableOrgs = new Map<string, string>()
  let refused = false
  for (const g of groups) {
    // Who else reported or is assigned is no fact about this principal: any other id stands for it.
    const facts = factsOf(me, {
      ...g,
      id: '',
      reporter_id: g.reporter ? me : '',
      assignee_id: g.assignee ? me : g.unassigned ? null : '',
    })
    if (can(principal, 'case.read', { type: 'case', org: orgOf(g), case: facts }))
      readableOrgs.set(g.org_id, g.name)
    else refused = true
  }
  if (!refused) return { readableOrgs, hidden: [] }
  // Rare (access taken away since the index was written): the refused cases, one by one.
  const rows = await namedCaseRows(db, me, skipOrgs)
    .select(['c.id', 'c.reporter_id', 'c.assignee_id'])
    .execute()
  const revoked = rows
    .filter((r) => !can(principal, 'case.read', { type: 'case', org: orgOf(r), case: factsOf(me, r) }))
    .map((r) => r.id)
  if (revoked.length === 0) return { readableOrgs, hidden: [] }
  // Every message of the case's conversations (its thread and its internal notes), by record id.
  const messages = await db
    .selectFrom('messages as m')
    .innerJoin('threads as t', (j) => j.onRef('t.id', '=', 'm.thread_id').onRef('t.org_id', '=', 'm.org_id'))
    .select(['m.thread_id', 'm.id'])
    .where('t.case_id', 'in', revoked)
    .execute()
  return {
    readableOrgs,
    hidden: [
      ...revoked.map((id) => recordId('case', id)),
      ...messages.map((m) => recordId('message', `${m.thread_id}:${m.id}`)),
    ],
  }
}

/**
 * Each case naming `me` in an active cooperative, with their own participation row (and the
 * partner company it was added through): the policy asks about this principal only, so their row
 * is all of the case's participation it reads (participationOf loads everyone's, for a case page).
 * Named as reporter, assignee or participant: a union of three index lookups (an OR across the
 * join read every case in the database on every search).
 */
function namedCaseRows(db: DB, me: string, skipOrgs: readonly string[]) {
  return db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .leftJoin('case_participants as p', (j) => j.onRef('p.case_id', '=', 'c.id').on('p.user_id', '=', me))
    .leftJoin('organisations as via', 'via.id', 'p.via_org_id')
    .select([
      'c.building_id',
      'c.shared_with_building',
      'o.id as org_id',
      'o.name',
      'o.kind',
      'o.status',
      'o.managed_by',
      'p.user_id as participant',
      'via.id as via_id',
      'via.kind as via_kind',
      'via.status as via_status',
      'via.managed_by as via_managed_by',
    ])
    .where('o.status', '=', 'active')
    .where('c.id', 'in', casesNaming(db, me, skipOrgs))
}

type NamedRow = Awaited<ReturnType<ReturnType<typeof namedCaseRows>['execute']>>[number]

const orgOf = (r: NamedRow): OrgRef => ({
  id: r.org_id,
  kind: r.kind,
  status: r.status,
  managedBy: r.managed_by,
})

function factsOf(
  me: string,
  r: NamedRow & { id: string; reporter_id: string; assignee_id: string | null },
): CaseFacts {
  const via: OrgRef | null =
    r.via_id && r.via_kind && r.via_status
      ? { id: r.via_id, kind: r.via_kind, status: r.via_status, managedBy: r.via_managed_by }
      : null
  return {
    id: r.id,
    reporterId: r.reporter_id,
    assigneeId: r.assignee_id,
    participants: r.participant ? [r.participant] : [],
    addedThrough: via ? { [me]: via } : {},
    buildingId: r.building_id,
    sharedWithBuilding: r.shared_with_building,
  }
}
