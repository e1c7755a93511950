import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import type { CaseFacts, OrgRef } from '../../schema/policy.ts'
import type { OrgKind } from '../../schema/roles.ts'
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

/** One participant as `participationColumn` gives it: user, then the via organisation's row or nulls. */
type ParticipantTuple = [string, string | null, OrgKind | null, OrgRef['status'] | null, string | null]

/**
 * `participationOf` for one case as a column of the query that lists the cases (a JSON array,
 * ordered as `participationOf` orders), so a page of cases needs no second round trip for the
 * policy's facts. Read it back with `participationFromColumn`.
 */
export function participationColumn(caseId: Expression<string>): RawBuilder<ParticipantTuple[] | string> {
  return sql<ParticipantTuple[] | string>`(
    SELECT coalesce(json_agg(json_build_array(p.user_id, o.id, o.kind, o.status, o.managed_by)
      ORDER BY p.user_id), '[]')
    FROM case_participants p LEFT JOIN organisations o ON o.id = p.via_org_id
    WHERE p.case_id = ${caseId})`
}

/** What `participationColumn` gave (postgres.js hands json over as text, PGlite parsed). */
export function participationFromColumn(raw: ParticipantTuple[] | string): CaseParticipation {
  const tuples = typeof raw === 'string' ? (JSON.parse(raw) as ParticipantTuple[]) : raw
  const out: CaseParticipation = { participants: [], addedThrough: {} }
  for (const [userId, viaId, kind, status, managedBy] of tuples) {
    out.participants.push(userId)
    if (viaId && kind && status) out.addedThrough[userId] = { id: viaId, kind, status, managedBy }
  }
  return out
}

/** A case row listed with its `participationColumn`: the columns the policy's CaseFacts are made of. */
export interface ListedCaseRow {
  id: string
  reporter_id: string
  assignee_id: string | null
  building_id: string | null
  shared_with_building: boolean
  participation: ParticipantTuple[] | string
}

/** CaseFacts of a listed row: the case list and the work queue judge their pages with these. */
export function caseFactsFromListed(r: ListedCaseRow): CaseFacts {
  return {
    id: r.id,
    reporterId: r.reporter_id,
    assigneeId: r.assignee_id,
    ...participationFromColumn(r.participation),
    buildingId: r.building_id,
    sharedWithBuilding: r.shared_with_building,
  }
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
