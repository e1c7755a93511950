import { type BoardFacts, can, type OrgRef } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { rolesPassing } from './roles.ts'

/**
 * Board cards (the `tasks` projection). Outbox rows come from triggers (0013): `task.search` for
 * a card row, `board.search` when a board is published, unpublished or archived. The board
 * projection's own `task.changed` rows belong to notifications: an outbox row has one consumer.
 *
 * A card is found in its cooperative by whoever may read the board (the policy's task.read
 * without delegation: board and staff, residents once the board is published). A delegated
 * card is also indexed as a second record in the partner company, found there by its
 * contractors only: they hold no role in the cooperative, and reach nothing else of the board.
 * Archived cards are not indexed.
 */
export const TASK_TOPIC = 'task.search'
export const BOARD_TOPIC = 'board.search'

const own = (boardId: string, cardId: string) => recordId('task', `${boardId}:${cardId}`)
const delegated = (boardId: string, cardId: string) => recordId('task', `${boardId}:${cardId}:delegated`)

async function orgRefOf(db: DB, id: string): Promise<OrgRef | null> {
  const o = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by'])
    .where('id', '=', id)
    .executeTakeFirst()
  return o ? { id: o.id, kind: o.kind, status: o.status, managedBy: o.managed_by } : null
}

export async function taskRecords(db: DB, boardId: string, cardId: string): Promise<Changes> {
  const ids = { own: own(boardId, cardId), delegated: delegated(boardId, cardId) }
  const row = await db
    .selectFrom('tasks as t')
    .innerJoin('boards as b', (j) => j.onRef('b.id', '=', 't.board_id').onRef('b.org_id', '=', 't.org_id'))
    .select([
      't.org_id',
      't.title',
      't.description',
      't.status',
      't.delegated_org_id',
      't.archived',
      't.updated_at',
      'b.title as board_title',
      'b.visibility',
      'b.archived_at',
    ])
    .where('t.board_id', '=', boardId)
    .where('t.card_id', '=', cardId)
    .executeTakeFirst()
  const org = row ? await orgRefOf(db, row.org_id) : null
  if (!row || !org || row.archived) return { upsert: [], delete: [ids.own, ids.delegated] }
  const board: BoardFacts = { id: boardId, visibility: row.visibility, archived: row.archived_at !== null }
  const base = {
    type: 'task' as const,
    entityId: cardId,
    title: row.title,
    body: `${row.board_title} · ${row.status} ${row.description}`,
    language: 'fi' as const,
    updatedAt: row.updated_at,
  }
  const changes: Changes = {
    upsert: [
      {
        ...base,
        id: ids.own,
        orgId: org.id,
        url: `/org/${org.id}/boards/${boardId}?card=${cardId}`,
        visibility: {
          roles: rolesPassing(org, (p) =>
            can(p, 'task.read', { type: 'task', org, board, delegatedTo: null }),
          ),
          buildingId: null,
          participants: [],
          internal: false,
        },
      },
    ],
    delete: [],
  }
  const partner = row.delegated_org_id ? await orgRefOf(db, row.delegated_org_id) : null
  if (partner) {
    changes.upsert.push({
      ...base,
      id: ids.delegated,
      orgId: partner.id,
      url: `/org/${partner.id}/tasks?task=${cardId}`,
      visibility: {
        roles: rolesPassing(
          org,
          (p) => can(p, 'task.read', { type: 'task', org, board, delegatedTo: partner }),
          partner,
        ),
        buildingId: null,
        participants: [],
        internal: false,
      },
    })
  } else changes.delete.push(ids.delegated)
  return changes
}

function merge(into: Changes, more: Changes) {
  into.upsert.push(...more.upsert)
  into.delete.push(...more.delete)
}

const taskChanged: Handler = async ({ db }, row) => {
  const [boardId, cardId] = row.entityId.split(':')
  if (!boardId || !cardId) throw new Error(`${TASK_TOPIC} ${row.entityId}: expected <boardId>:<cardId>`)
  return taskRecords(db, boardId, cardId)
}

const boardChanged: Handler = async ({ db }, row) => {
  const changes: Changes = { upsert: [], delete: [] }
  const cards = await db.selectFrom('tasks').select('card_id').where('board_id', '=', row.entityId).execute()
  for (const c of cards) merge(changes, await taskRecords(db, row.entityId, c.card_id))
  return changes
}

export const taskHandlers: Readonly<Record<string, Handler>> = {
  [TASK_TOPIC]: taskChanged,
  [BOARD_TOPIC]: boardChanged,
}

/** Every card that is not archived, for `npm run reindex`. */
export async function* allTasks(ctx: SourceContext): AsyncGenerator<SearchRecord[]> {
  let after: { board: string; card: string } | null = null
  for (;;) {
    const cursor: { board: string; card: string } | null = after
    const rows: { board_id: string; card_id: string }[] = await ctx.db
      .selectFrom('tasks')
      .select(['board_id', 'card_id'])
      .where('archived', '=', false)
      .$if(cursor !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('board_id', '>', cursor?.board ?? ''),
            eb.and([eb('board_id', '=', cursor?.board ?? ''), eb('card_id', '>', cursor?.card ?? '')]),
          ]),
        ),
      )
      .orderBy('board_id')
      .orderBy('card_id')
      .limit(500)
      .execute()
    const last: { board_id: string; card_id: string } | undefined = rows.at(-1)
    if (!last) return
    const batch: SearchRecord[] = []
    for (const r of rows) batch.push(...(await taskRecords(ctx.db, r.board_id, r.card_id)).upsert)
    yield batch
    after = { board: last.board_id, card: last.card_id }
  }
}

export async function countTasks(db: DB): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('archived', '=', false)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
