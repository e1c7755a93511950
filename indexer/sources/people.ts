import { sql } from 'kysely'
import { rolesAllowedTo } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Handler, SourceContext } from '../sources.ts'

// People: one record per member of an organisation, found by those who may list the members.

export async function personRecord(db: DB, orgId: string, userId: string): Promise<SearchRecord | null> {
  const org = await loadOrgRef(db, orgId)
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.name', 'u.email', 'u.phone', 'm.role'])
    .where('m.org_id', '=', orgId)
    .where('m.user_id', '=', userId)
    .execute()
  const first = rows[0]
  if (!org || !first) return null
  return {
    id: recordId('person', `${orgId}:${userId}`),
    orgId,
    type: 'person',
    entityId: userId,
    title: first.name,
    body: [first.email, first.phone ?? '', ...new Set(rows.map((r) => r.role.replaceAll('_', ' ')))].join(
      ' ',
    ),
    language: 'fi',
    url: `/org/${orgId}/members`,
    updatedAt: new Date(),
    // People are found by those who may list the members, and by the person themselves.
    visibility: {
      roles: rolesAllowedTo('members.read', org),
      buildingId: null,
      participants: [userId],
      internal: false,
    },
  }
}

const person: Handler = async ({ db }, row) => {
  // The trigger writes `{ orgId, userId }`; the entity id `<orgId>:<userId>` says the same.
  const [o, u] = row.entityId.split(':')
  if (!o || !u) throw new Error(`person.changed ${row.entityId}: expected <orgId>:<userId>`)
  const record = await personRecord(db, o, u)
  return record ? { upsert: [record], delete: [] } : { upsert: [], delete: [recordId('person', `${o}:${u}`)] }
}

export const peopleHandlers: Readonly<Record<string, Handler>> = { 'person.changed': person }

/** Every membership's person, in pages. */
export async function* allPeople({ db }: SourceContext, page = 500): AsyncGenerator<SearchRecord[]> {
  const cursor = { started: false, orgId: '', userId: '' }
  for (;;) {
    const rows = await db
      .selectFrom('memberships')
      .select(['org_id', 'user_id'])
      .distinct()
      .$if(cursor.started, (q) =>
        q.where(sql<boolean>`(org_id, user_id) > (${cursor.orgId}::uuid, ${cursor.userId}::uuid)`),
      )
      .orderBy('org_id')
      .orderBy('user_id')
      .limit(page)
      .execute()
    const last = rows.at(-1)
    if (!last) return
    const records = await Promise.all(rows.map((r) => personRecord(db, r.org_id, r.user_id)))
    yield records.filter((r): r is SearchRecord => r !== null)
    Object.assign(cursor, { started: true, orgId: last.org_id, userId: last.user_id })
  }
}

export async function countPeople(db: DB): Promise<number> {
  const r = await sql<{
    n: string
  }>`SELECT count(*) AS n FROM (SELECT DISTINCT org_id, user_id FROM memberships) m`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}
