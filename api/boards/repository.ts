import { sql } from 'kysely'
import { AppError, notFound } from '../../schema/errors.ts'
import {
  type BoardFacts,
  type BoardTopic,
  can,
  type OrgRef,
  type Principal,
  type TaskResource,
} from '../../schema/policy.ts'
import { loadOrgRef, loadOrgRefs } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'

/** Boards and tasks as the policy needs them, always loaded from their rows. */
export interface BoardRow {
  id: string
  orgId: string
  title: string
  visibility: BoardFacts['visibility']
  topic: BoardTopic
  archived: boolean
  createdAt: Date
}

export const boardFacts = (b: BoardRow): BoardFacts => ({
  id: b.id,
  visibility: b.visibility,
  archived: b.archived,
  topic: b.topic,
})

export async function loadBoard(db: DB, id: string): Promise<BoardRow | null> {
  const row = await db
    .selectFrom('boards')
    .select(['id', 'org_id', 'title', 'visibility', 'topic', 'archived_at', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        orgId: row.org_id,
        title: row.title,
        visibility: row.visibility,
        topic: row.topic,
        archived: row.archived_at !== null,
        createdAt: row.created_at,
      }
    : null
}

/**
 * A board the principal may read, else 404 (another organisation, or nothing there) or 403 (a
 * member of its organisation without the role).
 */
export async function authorizeBoard(
  db: DB,
  p: Principal,
  id: string,
  action: 'board.read' | 'board.write' | 'board.manage',
): Promise<{ board: BoardRow; org: OrgRef }> {
  const board = await loadBoard(db, id)
  const org = board ? await loadOrgRef(db, board.orgId) : null
  if (!board || !org || !can(p, 'org.read', { type: 'org', org })) throw notFound('That board')
  const resource = { type: 'board', org, board: boardFacts(board) } as const
  if (!can(p, 'board.read', resource) || !can(p, action, resource))
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  return { board, org }
}

const TASK_COLUMNS = [
  't.org_id',
  't.board_id',
  't.card_id',
  't.title',
  't.description',
  't.assignee_id',
  't.delegated_org_id',
  't.column_id',
  't.status',
  't.labels',
  't.checklist_done',
  't.checklist_total',
  't.progress',
  't.archived',
  't.updated_at',
] as const

function taskQuery(db: DB) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('boards as b', (j) => j.onRef('b.id', '=', 't.board_id').onRef('b.org_id', '=', 't.org_id'))
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select(TASK_COLUMNS)
    .select(sql<string | null>`to_char(t.due, 'YYYY-MM-DD')`.as('due'))
    .select(['b.title as board_title', 'b.visibility', 'b.archived_at', 'o.name as org_name'])
}

export type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>['execute']>>[number]

export interface VisibleTask {
  row: TaskRow
  resource: TaskResource
}

async function withResources(db: DB, rows: TaskRow[]): Promise<VisibleTask[]> {
  const orgs = await loadOrgRefs(
    db,
    rows.flatMap((r) => [r.org_id, ...(r.delegated_org_id ? [r.delegated_org_id] : [])]),
  )
  return rows.flatMap((row) => {
    const org = orgs.get(row.org_id)
    if (!org) return []
    const board: BoardFacts = {
      id: row.board_id,
      visibility: row.visibility,
      archived: row.archived_at !== null,
    }
    const delegatedTo = row.delegated_org_id ? (orgs.get(row.delegated_org_id) ?? null) : null
    return [{ row, resource: { type: 'task', org, board, delegatedTo } as const }]
  })
}

/**
 * The statement of `myTasks`: `NOT t.archived` a literal, not a `$n`, so the generic plan of the
 * prepared statement can prove the partial indexes (`tasks_assignee`, `tasks_delegated`: WHERE NOT
 * archived) apply; with `archived = $1` it read every task (session 15: a Seq Scan of the 10,000
 * tasks of the reports benchmark's data, or a plan made anew on every request).
 */
export function myTasksQuery(db: DB, p: Principal) {
  const myOrgs = [
    ...new Set(p.memberships.filter((m) => m.orgKind === 'partner_company').map((m) => m.orgId)),
  ]
  return taskQuery(db)
    .where(sql<boolean>`NOT t.archived`)
    .where('b.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('t.assignee_id', '=', p.userId),
        ...(myOrgs.length > 0 ? [eb('t.delegated_org_id', 'in', myOrgs)] : []),
      ]),
    )
    .orderBy(sql`t.due nulls last`)
    .orderBy('t.updated_at', 'desc')
    .limit(500)
}

/** Tasks assigned to the principal or delegated to a company they work for, that they may read. */
export async function myTasks(db: DB, p: Principal): Promise<VisibleTask[]> {
  const rows = await myTasksQuery(db, p).execute()
  return (await withResources(db, rows)).filter((t) => can(p, 'task.read', t.resource))
}

/**
 * One card by id, as a task the principal may read, else 404 whatever the reason (its existence
 * does not leak). Card ids are client-made, so several boards could hold one: only rows the
 * principal may read count, and more than one is refused as ambiguous.
 */
export async function authorizeTask(
  db: DB,
  p: Principal,
  cardId: string,
  action: 'task.read' | 'task.comment' | 'task.progress',
): Promise<VisibleTask> {
  const rows = await taskQuery(db).where('t.card_id', '=', cardId).where('t.archived', '=', false).execute()
  const readable = (await withResources(db, rows)).filter((t) => can(p, 'task.read', t.resource))
  if (readable.length !== 1) throw notFound('That task')
  const task = readable[0]!
  if (!can(p, action, task.resource))
    throw new AppError('forbidden', 'You can read this task but not change it.')
  return task
}
