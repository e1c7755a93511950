import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { CaseSummary } from '../../schema/api/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import { initCaseDoc } from '../../schema/docs/case.ts'
import { docName } from '../../schema/docs/names.ts'
import { AppError } from '../../schema/errors.ts'
import type { OrgRef, Principal } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'
import { categoriesOf } from './categories.ts'

type Trx = Kysely<Database>
type Input = {
  title: string
  description: string
  category: string
  priority: CaseSummary['priority']
  buildingId?: string | undefined
  staircaseId?: string | undefined
  apartmentId?: string | undefined
  sharedWithBuilding: boolean
  clientKey?: string | undefined
}

interface Place {
  building_id: string | null
  staircase_id: string | null
  apartment_id: string | null
}

/** Where the case is: what the reporter gave, else their own apartment or building here. */
async function placeOf(trx: Trx, principal: Principal, orgId: string, input: Input): Promise<Place> {
  let { apartmentId, staircaseId, buildingId } = input
  if (!apartmentId && !staircaseId && !buildingId) {
    const home =
      principal.memberships.find((m) => m.orgId === orgId && m.apartmentId) ??
      principal.memberships.find((m) => m.orgId === orgId && m.buildingId)
    apartmentId = home?.apartmentId ?? undefined
    buildingId = home?.buildingId ?? undefined
  }
  const bad = () => new AppError('validation_failed', 'That place is not in this cooperative.')
  if (apartmentId) {
    const apt = await trx
      .selectFrom('apartments')
      .select(['id', 'building_id', 'staircase_id'])
      .where('org_id', '=', orgId)
      .where('id', '=', apartmentId)
      .executeTakeFirst()
    if (!apt) throw bad()
    return { building_id: apt.building_id, staircase_id: apt.staircase_id, apartment_id: apt.id }
  }
  if (staircaseId) {
    const st = await trx
      .selectFrom('staircases')
      .select(['id', 'building_id'])
      .where('org_id', '=', orgId)
      .where('id', '=', staircaseId)
      .executeTakeFirst()
    if (!st) throw bad()
    return { building_id: st.building_id, staircase_id: st.id, apartment_id: null }
  }
  if (buildingId) {
    const b = await trx
      .selectFrom('buildings')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', buildingId)
      .executeTakeFirst()
    if (!b) throw bad()
    return { building_id: b.id, staircase_id: null, apartment_id: null }
  }
  return { building_id: null, staircase_id: null, apartment_id: null }
}

/**
 * Creates a case with its live document (initial snapshot), its thread and its internal notes,
 * its first history entry, and an outbox row for notifications: all in one transaction.
 */
export async function createCase(
  db: DB,
  principal: Principal,
  org: OrgRef,
  input: Input,
  now = new Date(),
): Promise<string> {
  const { list } = await categoriesOf(db, org.id)
  if (!list.some((c) => c.key === input.category))
    throw new AppError('validation_failed', 'category: not a category of this cooperative', {
      details: { issues: [{ path: 'category', message: 'Unknown category.' }] },
    })
  return db.transaction().execute(async (trx) => {
    const place = await placeOf(trx, principal, org.id, input)
    // Numbers are per cooperative; the lock on the organisation row serialises them.
    await trx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute()
    const last = await trx
      .selectFrom('cases')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    const row = await trx
      .insertInto('cases')
      .values({
        org_id: org.id,
        number: Number(last?.n ?? 0) + 1,
        reporter_id: principal.userId,
        title: input.title,
        category: input.category,
        priority: input.priority,
        ...place,
        shared_with_building: input.sharedWithBuilding,
        excerpt: input.description.slice(0, 300),
        client_key: input.clientKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('case_status_history')
      .values({
        org_id: org.id,
        case_id: row.id,
        seq: 0,
        status: 'new',
        changed_by: principal.userId,
        changed_at: now,
      })
      .execute()
    for (const layer of ['case', 'internal'] as const) {
      await trx
        .insertInto('threads')
        .values({
          org_id: org.id,
          kind: 'case',
          // Thread-policy code paths (search, channel endpoints) see it as board-only at most.
          audience: 'board',
          title: input.title,
          created_by: principal.userId,
          case_id: row.id,
          layer,
        })
        .execute()
    }
    const doc = new Y.Doc()
    initCaseDoc(doc, {
      title: input.title,
      description: input.description,
      category: input.category,
      priority: input.priority,
      reporterId: principal.userId,
      at: now.getTime(),
    })
    await trx
      .insertInto('collab_documents')
      .values({
        name: docName('case', org.id, row.id),
        org_id: org.id,
        kind: 'case',
        snapshot: Y.encodeStateAsUpdate(doc),
      })
      .execute()
    doc.destroy()
    await enqueue(trx, 'notify', {
      orgId: org.id,
      entityId: row.id,
      payload: { type: 'case_created', caseId: row.id, actorId: principal.userId },
    })
    return row.id
  })
}
