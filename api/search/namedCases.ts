import { recordId } from '../../indexer/search/types.ts'
import { type CaseFacts, can, type OrgRef, type Principal } from '../../schema/policy.ts'
import { participationOf } from '../cases/facts.ts'
import type { DB } from '../db/connect.ts'

export interface NamedCases {
  /** Cooperatives (id → name) where at least one case naming the searcher is still theirs to read. */
  readableOrgs: Map<string, string>
  /** Search record ids of the cases naming them that they may no longer read, and of their messages. */
  hidden: string[]
}

/**
 * The cases that name the searcher (reporter, assignee, participant) in active cooperatives, each
 * put to the one policy with its facts loaded as the case routes load them (`participationOf`,
 * with the partner company each participant was added through). The search index lists such
 * people by id and is rewritten only when the case changes, so a removal or a role change is
 * decided here, at query time: a case the policy no longer lets them read, and its conversations,
 * are hidden from them (issue 12).
 */
export async function namedCases(db: DB, principal: Principal): Promise<NamedCases> {
  const me = principal.userId
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
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
    ])
    .where('o.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('c.reporter_id', '=', me),
        eb('c.assignee_id', '=', me),
        eb.exists(
          eb
            .selectFrom('case_participants as p')
            .select('p.user_id')
            .whereRef('p.case_id', '=', 'c.id')
            .where('p.user_id', '=', me),
        ),
      ]),
    )
    .execute()
  const participation = await participationOf(
    db,
    rows.map((r) => r.id),
  )
  const readableOrgs = new Map<string, string>()
  const revoked: string[] = []
  for (const r of rows) {
    const org: OrgRef = { id: r.org_id, kind: r.kind, status: r.status, managedBy: r.managed_by }
    const { participants, addedThrough } = participation.get(r.id) ?? { participants: [], addedThrough: {} }
    const facts: CaseFacts = {
      id: r.id,
      reporterId: r.reporter_id,
      assigneeId: r.assignee_id,
      participants,
      addedThrough,
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
