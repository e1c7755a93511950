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
 */
export async function namedCases(db: DB, principal: Principal): Promise<NamedCases> {
  const me = principal.userId
  // One query: each case naming them, with their own participation row (and the partner company
  // it was added through). The policy asks about this principal only, so their row is all of the
  // case's participation it reads (participationOf loads everyone's, for a case page).
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .leftJoin('case_participants as p', (j) => j.onRef('p.case_id', '=', 'c.id').on('p.user_id', '=', me))
    .leftJoin('organisations as via', 'via.id', 'p.via_org_id')
    .select([
      'c.id',
      'c.reporter_id',
      'c.assignee_id',
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
    // Named as reporter, assignee or participant: a union of three index lookups (an OR across
    // the join read every case in the database on every search).
    .where('c.id', 'in', casesNaming(db, me))
    .execute()
  const readableOrgs = new Map<string, string>()
  const revoked: string[] = []
  for (const r of rows) {
    const org: OrgRef = { id: r.org_id, kind: r.kind, status: r.status, managedBy: r.managed_by }
    const via: OrgRef | null =
      r.via_id && r.via_kind && r.via_status
        ? { id: r.via_id, kind: r.via_kind, status: r.via_status, managedBy: r.via_managed_by }
        : null
    const facts: CaseFacts = {
      id: r.id,
      reporterId: r.reporter_id,
      assigneeId: r.assignee_id,
      participants: r.participant ? [r.participant] : [],
      addedThrough: via ? { [me]: via } : {},
      buildingId: r.building_id,
      sharedWithBuilding: r.shared_with_building,
    }
    if (can(principal, 'case.read', { type: 'case', org, case: facts })) readableOrgs.set(r.org_id, r.name)
    else revoked.push(r.id)
  }
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
