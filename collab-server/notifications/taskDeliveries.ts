import { sql } from 'kysely'
import type { InboxKind } from '../../schema/docs/inbox.ts'
import type { NotifyOf } from '../../schema/outbox.ts'
import { CONTRACTOR_ROLES, can, type Principal, type TaskResource } from '../../schema/policy.ts'
import { loadOrgRef, loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'
import { claimOnce } from './dedupe.ts'

/**
 * Inbox items about tasks (board cards, from the tasks projection):
 * - `task_assigned`: the new assignee; `task_delegated`: the people of the contractor company the
 *   card was delegated to (its contractor roles). Both once per assignment change: the dedupe key
 *   is the change's stamp (see projections/boardNotices.ts), claimed under this outbox row.
 * - `task_due` / `task_overdue` (from the reminder job, already deduplicated there): the
 *   assignee and the delegated company's people.
 * Everyone is checked with `task.read` on the card as it is now; a card reassigned, archived or
 * re-dated since the row was written notifies nobody for the stale event.
 */
export type TaskPayload = NotifyOf<'task_assigned' | 'task_delegated' | 'task_due'>

interface Task {
  orgId: string
  title: string
  assigneeId: string | null
  delegatedOrgId: string | null
  due: string | null
  progress: number
  resource: TaskResource
}

async function loadTask(db: DB, boardId: string, cardId: string): Promise<Task | null> {
  const row = await db
    .selectFrom('tasks as t')
    .innerJoin('boards as b', (j) => j.onRef('b.id', '=', 't.board_id').onRef('b.org_id', '=', 't.org_id'))
    .select(['t.org_id', 't.title', 't.assignee_id', 't.delegated_org_id', 't.progress', 'b.visibility'])
    .select(sql<string | null>`to_char(t.due, 'YYYY-MM-DD')`.as('due'))
    .where('t.board_id', '=', boardId)
    .where('t.card_id', '=', cardId)
    .where('t.archived', '=', false)
    .where('b.archived_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return null
  const delegatedTo = row.delegated_org_id ? await loadOrgRef(db, row.delegated_org_id) : null
  return {
    orgId: row.org_id,
    title: row.title,
    assigneeId: row.assignee_id,
    delegatedOrgId: row.delegated_org_id,
    due: row.due,
    progress: row.progress,
    resource: {
      type: 'task',
      org,
      board: { id: boardId, visibility: row.visibility, archived: false },
      delegatedTo,
    },
  }
}

/** The contractor company's people who work on delegated tasks. */
async function delegates(db: DB, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('role', 'in', [...CONTRACTOR_ROLES])
    .execute()
  return rows.map((r) => r.user_id)
}

async function principalIfUser(db: DB, userId: string): Promise<Principal | null> {
  // assigneeId comes from a document: it may name nobody.
  const exists = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
  return exists ? loadPrincipal(db, { userId, mfaVerified: true }) : null
}

/** Where the item appears for this person: the cooperative they see, else their own company. */
function homeOrg(p: Principal, task: Task): string {
  if (can(p, 'org.read', { type: 'org', org: task.resource.org })) return task.orgId
  return task.delegatedOrgId ?? task.orgId
}

export async function taskDeliveries(db: DB, row: OutboxRow, p: TaskPayload): Promise<Delivery[]> {
  const task = await loadTask(db, p.boardId, p.cardId)
  if (!task) return []
  let recipients: string[]
  let kind: InboxKind
  let idFor: (userId: string) => string
  if (p.type === 'task_assigned') {
    if (task.assigneeId !== p.assigneeId) return []
    if (!(await claimOnce(db, `task_assigned:${p.boardId}:${p.cardId}:${p.stamp}`, row.id))) return []
    recipients = [p.assigneeId]
    kind = 'task_assigned'
    idFor = (u) => `task_assigned:${p.cardId}:${p.stamp}:${u}`
  } else if (p.type === 'task_delegated') {
    if (task.delegatedOrgId !== p.delegatedOrgId) return []
    if (!(await claimOnce(db, `task_delegated:${p.boardId}:${p.cardId}:${p.stamp}`, row.id))) return []
    recipients = await delegates(db, p.delegatedOrgId)
    kind = 'task_delegated'
    idFor = (u) => `task_delegated:${p.cardId}:${p.stamp}:${u}`
  } else {
    if (task.due !== p.due || task.progress >= 100) return []
    recipients = [
      ...(task.assigneeId ? [task.assigneeId] : []),
      ...(task.delegatedOrgId ? await delegates(db, task.delegatedOrgId) : []),
    ]
    kind = p.stage === 'overdue' ? 'task_overdue' : 'task_due'
    idFor = (u) => `${row.id}:${u}`
  }
  const out: Delivery[] = []
  // The key is claimed above even when the only recipient made the change themselves, so a
  // rebuild (which cannot tell who wrote it) does not tell them later.
  const actor = p.type === 'task_due' ? null : (p.actorId ?? null)
  for (const userId of new Set(recipients)) {
    if (userId === actor) continue
    const principal = await principalIfUser(db, userId)
    if (!principal || !can(principal, 'task.read', task.resource)) continue
    const orgId = homeOrg(principal, task)
    out.push({
      userId,
      prefKind: p.type === 'task_due' ? 'task_due' : 'task_assigned',
      item: {
        id: idFor(userId),
        kind,
        orgId,
        link: `/org/${orgId}/tasks#task-${p.cardId}`,
        title: task.title,
        body: task.due ?? '',
        createdAt: Date.now(),
      },
    })
  }
  return out
}
