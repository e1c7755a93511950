import type { Kysely } from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import type { CaseFacts, OrgRef } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'
import { loadOrgRef } from './principal.ts'

/**
 * What the policy needs about one case, loaded from its row (never from a document name or a
 * request): used by the API and by the collab server's authorisation alike.
 */
export interface LoadedCase {
  org: OrgRef
  facts: CaseFacts
  threadId: string | null
  notesThreadId: string | null
}

export interface CaseParticipation {
  participants: string[]
  addedThrough: Record<string, OrgRef>
}

/**
 * The participants of each case and the partner company (its row) each was added through: the
 * policy lets a participant or assignee in only while they still belong there (or to the
 * cooperative), so every loader of CaseFacts takes them from here.
 */
export async function participationOf(
  db: DB | Kysely<Database>,
  caseIds: readonly string[],
): Promise<Map<string, CaseParticipation>> {
  const out = new Map<string, CaseParticipation>(
    caseIds.map((id) => [id, { participants: [], addedThrough: {} }]),
  )
  if (caseIds.length === 0) return out
  const rows = await db
    .selectFrom('case_participants as p')
    .leftJoin('organisations as o', 'o.id', 'p.via_org_id')
    .select(['p.case_id', 'p.user_id', 'o.id as via_id', 'o.kind', 'o.status', 'o.managed_by'])
    .where('p.case_id', 'in', [...caseIds])
    .orderBy('p.user_id')
    .execute()
  for (const r of rows) {
    const entry = out.get(r.case_id)
    if (!entry) continue
    entry.participants.push(r.user_id)
    if (r.via_id && r.kind && r.status)
      entry.addedThrough[r.user_id] = {
        id: r.via_id,
        kind: r.kind,
        status: r.status,
        managedBy: r.managed_by,
      }
  }
  return out
}

export async function loadCaseFacts(db: DB, caseId: string): Promise<LoadedCase | null> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'org_id', 'reporter_id', 'assignee_id', 'building_id', 'shared_with_building'])
    .where('id', '=', caseId)
    .executeTakeFirst()
  if (!row) return null
  const [org, participation, threads] = await Promise.all([
    loadOrgRef(db, row.org_id),
    participationOf(db, [row.id]),
    db.selectFrom('threads').select(['id', 'layer']).where('case_id', '=', row.id).execute(),
  ])
  if (!org) return null
  const { participants, addedThrough } = participation.get(row.id)!
  return {
    org,
    facts: {
      id: row.id,
      reporterId: row.reporter_id,
      assigneeId: row.assignee_id,
      participants,
      addedThrough,
      buildingId: row.building_id,
      sharedWithBuilding: row.shared_with_building,
    },
    threadId: threads.find((t) => t.layer === 'case')?.id ?? null,
    notesThreadId: threads.find((t) => t.layer === 'internal')?.id ?? null,
  }
}
