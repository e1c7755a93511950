import { type Audience, type CaseFacts, can, type OrgRef } from '../../schema/policy.ts'
import { participationOf } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import { rolesPassing } from './roles.ts'

/**
 * Who finds a case and its conversations, from the policy's case rules: handlers and auditors by
 * role, neighbours by role and building when it is shared with the building, and the reporter,
 * assignee and explicit participants by name (a contractor assignee holds no role in the
 * cooperative: the searcher gives them a guest reach there, see api/search/searcher.ts).
 * Internal notes are `internal`: only INTERNAL_ROLES find them, never a resident or a guest.
 */
export interface CaseRow {
  id: string
  org_id: string
  number: number
  title: string
  category: string
  excerpt: string
  reporter_id: string
  assignee_id: string | null
  building_id: string | null
  shared_with_building: boolean
  updated_at: Date
}

export async function loadCase(
  db: DB,
  caseId: string,
): Promise<{ row: CaseRow; org: OrgRef; facts: CaseFacts } | null> {
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select([
      'c.id',
      'c.org_id',
      'c.number',
      'c.title',
      'c.category',
      'c.excerpt',
      'c.reporter_id',
      'c.assignee_id',
      'c.building_id',
      'c.shared_with_building',
      'c.updated_at',
      'o.kind',
      'o.status',
      'o.managed_by',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst()
  if (!row) return null
  const { participants, addedThrough } = (await participationOf(db, [row.id])).get(row.id)!
  const org: OrgRef = { id: row.org_id, kind: row.kind, status: row.status, managedBy: row.managed_by }
  const facts: CaseFacts = {
    id: row.id,
    reporterId: row.reporter_id,
    assigneeId: row.assignee_id,
    participants,
    addedThrough,
    buildingId: row.building_id,
    sharedWithBuilding: row.shared_with_building,
  }
  return { row, org, facts }
}

/** Who finds a case (or a message of its thread, or with `internal` one of its internal notes). */
export function caseAudience(org: OrgRef, facts: CaseFacts, internal = false): Audience {
  const action = internal ? 'case.internal.read' : 'case.read'
  return {
    roles: rolesPassing(org, (p) => can(p, action, { type: 'case', org, case: facts })),
    buildingId: facts.buildingId,
    participants: internal
      ? []
      : [...new Set([facts.reporterId, facts.assigneeId ?? '', ...facts.participants])].filter(
          (id) => id !== '',
        ),
    internal,
  }
}

/** The audience of a case thread's messages: the case's, internal for the notes. */
export async function caseThreadAudience(
  db: DB,
  caseId: string,
  layer: 'case' | 'internal' | null,
): Promise<Audience | null> {
  const loaded = await loadCase(db, caseId)
  return loaded ? caseAudience(loaded.org, loaded.facts, layer !== 'case') : null
}
