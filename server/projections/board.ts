import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { type BoardCard, readCards, readColumns } from '../../schema/docs/board.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import { jsonb } from '../db/json.ts'
import { enqueue } from '../outbox/enqueue.ts'

/**
 * Board → `tasks` rows (one per card, archived ones flagged), plus one outbox row per card that
 * changed (`task.changed`: notifications, reminders, the Tasks badge). A delegation to anything
 * but an existing partner company is recorded as none, so a crafted id cannot hand a card to an
 * organisation (or fail the compaction on the foreign key).
 */
export async function projectBoard(trx: Kysely<Database>, ref: DocRef, doc: Y.Doc): Promise<void> {
  if (ref.kind !== 'board') return
  const board = await trx
    .selectFrom('boards')
    .select(['id', 'org_id'])
    .where('id', '=', ref.id)
    .where('org_id', '=', ref.orgId)
    .executeTakeFirst()
  if (!board) return
  const cards = readCards(doc, { archived: true })
  if (cards.length === 0) return
  const columns = readColumns(doc)
  const columnOf = (card: BoardCard) => columns.find((c) => c.id === card.place.columnId) ?? columns[0]
  const wanted = [...new Set(cards.flatMap((c) => (c.delegatedOrgId ? [c.delegatedOrgId] : [])))]
  const partners = new Set(
    wanted.length === 0
      ? []
      : (
          await trx
            .selectFrom('organisations')
            .select('id')
            .where('id', 'in', wanted)
            .where('kind', '=', 'partner_company')
            .execute()
        ).map((r) => r.id),
  )
  const rows = cards.map((card) => {
    const column = columnOf(card)
    return {
      org_id: board.org_id,
      board_id: board.id,
      card_id: card.id,
      title: card.title,
      description: card.description,
      assignee_id: card.assigneeId,
      delegated_org_id: card.delegatedOrgId && partners.has(card.delegatedOrgId) ? card.delegatedOrgId : null,
      due: card.due,
      column_id: column?.id ?? null,
      status: column?.title ?? '',
      labels: card.labels,
      checklist_done: card.checklist.filter((i) => i.done).length,
      checklist_total: card.checklist.length,
      progress: card.progress,
      archived: card.archived,
    }
  })
  type Row = (typeof rows)[number]
  const existing = await trx
    .selectFrom('tasks')
    .selectAll()
    .select((eb) => eb.fn<string | null>('to_char', [eb.ref('due'), eb.val('YYYY-MM-DD')]).as('due'))
    .where('board_id', '=', board.id)
    .execute()
  const fingerprint = (r: Omit<Row, 'labels'> & { labels: unknown }) =>
    JSON.stringify([
      r.title,
      r.description,
      r.assignee_id,
      r.delegated_org_id,
      r.due,
      r.column_id,
      r.status,
      r.labels,
      r.checklist_done,
      r.checklist_total,
      r.progress,
      r.archived,
    ])
  const before = new Map(existing.map((r) => [r.card_id, { row: fingerprint(r), prev: r }]))
  const changed = rows.filter((r) => before.get(r.card_id)?.row !== fingerprint(r))
  for (let i = 0; i < changed.length; i += 500) {
    const chunk = changed.slice(i, i + 500)
    await trx
      .insertInto('tasks')
      .values(chunk.map((r) => ({ ...r, labels: jsonb(r.labels) })))
      .onConflict((oc) =>
        oc.columns(['board_id', 'card_id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          assignee_id: eb.ref('excluded.assignee_id'),
          delegated_org_id: eb.ref('excluded.delegated_org_id'),
          due: eb.ref('excluded.due'),
          column_id: eb.ref('excluded.column_id'),
          status: eb.ref('excluded.status'),
          labels: eb.ref('excluded.labels'),
          checklist_done: eb.ref('excluded.checklist_done'),
          checklist_total: eb.ref('excluded.checklist_total'),
          progress: eb.ref('excluded.progress'),
          archived: eb.ref('excluded.archived'),
          updated_at: new Date(),
        })),
      )
      .execute()
    await enqueue(
      trx,
      'task.changed',
      chunk.map((r) => {
        const prev = before.get(r.card_id)?.prev
        return {
          orgId: r.org_id,
          entityId: r.card_id,
          payload: {
            boardId: r.board_id,
            cardId: r.card_id,
            assigneeId: r.assignee_id,
            previousAssigneeId: prev?.assignee_id ?? null,
            delegatedOrgId: r.delegated_org_id,
            previousDelegatedOrgId: prev?.delegated_org_id ?? null,
          },
        }
      }),
    )
  }
}
