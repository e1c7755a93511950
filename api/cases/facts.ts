import type { CaseFacts, OrgRef } from '../../schema/policy.ts'
import { loadOrgRef } from '../auth/principal.ts'
import type { DB } from '../db/connect.ts'

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

export async function loadCaseFacts(db: DB, caseId: string): Promise<LoadedCase | null> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'org_id', 'reporter_id', 'assignee_id', 'building_id', 'shared_with_building'])
    .where('id', '=', caseId)
    .executeTakeFirst()
  if (!row) return null
  const [org, participants, threads] = await Promise.all([
    loadOrgRef(db, row.org_id),
    db.selectFrom('case_participants').select('user_id').where('case_id', '=', row.id).execute(),
    db.selectFrom('threads').select(['id', 'layer']).where('case_id', '=', row.id).execute(),
  ])
  if (!org) return null
  return {
    org,
    facts: {
      id: row.id,
      reporterId: row.reporter_id,
      assigneeId: row.assignee_id,
      participants: participants.map((p) => p.user_id),
      buildingId: row.building_id,
      sharedWithBuilding: row.shared_with_building,
    },
    threadId: threads.find((t) => t.layer === 'case')?.id ?? null,
    notesThreadId: threads.find((t) => t.layer === 'internal')?.id ?? null,
  }
}
