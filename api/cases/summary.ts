import { sql } from 'kysely'
import type { CaseSummary } from '../../schema/api/cases.ts'
import type { DB } from '../../server/db/connect.ts'

/** The columns of a case as the list and the detail show it (with its reporter, assignee, place). */
export function baseSelect(db: DB) {
  return db
    .selectFrom('cases as c')
    .innerJoin('users as r', 'r.id', 'c.reporter_id')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .leftJoin('buildings as b', 'b.id', 'c.building_id')
    .leftJoin('apartments as ap', 'ap.id', 'c.apartment_id')
    .leftJoin('staircases as st', 'st.id', 'c.staircase_id')
    .select([
      'c.id',
      'c.org_id',
      'c.number',
      'c.title',
      'c.category',
      'c.priority',
      'c.status',
      'c.reporter_id',
      'r.name as reporter_name',
      'c.assignee_id',
      'a.name as assignee_name',
      sql<string | null>`to_char(c.due_date, 'YYYY-MM-DD')`.as('due_date'),
      'c.building_id',
      'b.name as building_name',
      'c.apartment_id',
      'ap.number as apartment_number',
      'c.staircase_id',
      'st.name as staircase_name',
      'c.shared_with_building',
      'c.created_at',
      'c.updated_at',
    ])
}

export type BaseRow = Awaited<ReturnType<ReturnType<typeof baseSelect>['execute']>>[number]

export function toSummary(row: BaseRow, unread: number): CaseSummary {
  return {
    id: row.id,
    orgId: row.org_id,
    number: row.number,
    title: row.title,
    category: row.category,
    priority: row.priority,
    status: row.status,
    reporter: { id: row.reporter_id, name: row.reporter_name },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dueDate: row.due_date,
    building: row.building_id ? { id: row.building_id, name: row.building_name ?? '' } : null,
    apartment: row.apartment_id ? { id: row.apartment_id, number: row.apartment_number ?? '' } : null,
    sharedWithBuilding: row.shared_with_building,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    unread,
  }
}

/** Unread messages per thread for one reader: others' messages after their last read. */
export async function unreadCounts(
  db: DB,
  userId: string,
  threadIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (threadIds.length === 0) return counts
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('thread_reads as tr', (j) =>
      j.onRef('tr.thread_id', '=', 'm.thread_id').on('tr.user_id', '=', userId),
    )
    .select(['m.thread_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('m.thread_id', 'in', [...threadIds])
    .where('m.deleted', '=', false)
    .where((eb) => eb.or([eb('m.author_id', 'is', null), eb('m.author_id', '!=', userId)]))
    .where((eb) => eb.or([eb('tr.read_at', 'is', null), eb('m.created_at', '>', eb.ref('tr.read_at'))]))
    .groupBy('m.thread_id')
    .execute()
  for (const r of rows) counts.set(r.thread_id, Number(r.n))
  return counts
}
