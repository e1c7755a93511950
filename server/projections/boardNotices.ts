import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { cardsOf } from '../../schema/docs/board.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import type { NotifyOf } from '../../schema/outbox.ts'
import { enqueue } from '../outbox/enqueue.ts'
import { projectBoard } from './board.ts'

/**
 * The board projection, plus a `notify` outbox row for each card whose assignee or delegated
 * company changed in this projection ("assigned to you", "delegated to your company").
 *
 * Each row carries the stamp of the change: the Yjs id (client.clock) of the card's current
 * `assigneeId` / `delegatedOrgId` entry. A new assignment writes a new entry, so a new stamp; a
 * rebuild or a re-run over the same document finds the same entry, so the same stamp, and the
 * notifier's dedupe key (kind, card, stamp) refuses it a second time, even when the `tasks` rows
 * were lost and the diff below sees every assignment as new.
 */
export async function projectBoardWithNotices(
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
  folded?: FoldedLog,
): Promise<void> {
  if (ref.kind !== 'board') return
  const before = await assignments(trx, ref.id)
  await projectBoard(trx, ref, doc)
  const after = await assignments(trx, ref.id)
  const cards = cardsOf(doc)
  const writers = writersIn(folded)
  const rows: NotifyOf<'task_assigned' | 'task_delegated'>[] = []
  for (const [cardId, now] of after) {
    const was = before.get(cardId)
    const card = cards.get(cardId)
    if (!(card instanceof Y.Map)) continue
    if (now.assigneeId && now.assigneeId !== was?.assigneeId) {
      rows.push({
        type: 'task_assigned',
        boardId: ref.id,
        cardId,
        assigneeId: now.assigneeId,
        stamp: stampOf(card, 'assigneeId'),
        actorId: writers(card, 'assigneeId'),
      })
    }
    if (now.delegatedOrgId && now.delegatedOrgId !== was?.delegatedOrgId) {
      rows.push({
        type: 'task_delegated',
        boardId: ref.id,
        cardId,
        delegatedOrgId: now.delegatedOrgId,
        stamp: stampOf(card, 'delegatedOrgId'),
        actorId: writers(card, 'delegatedOrgId'),
      })
    }
  }
  if (rows.length === 0) return
  await enqueue(
    trx,
    'notify',
    rows.map((payload) => ({ orgId: ref.orgId, entityId: payload.cardId, payload })),
  )
}

async function assignments(trx: Kysely<Database>, boardId: string) {
  const rows = await trx
    .selectFrom('tasks')
    .select(['card_id', 'assignee_id', 'delegated_org_id'])
    .where('board_id', '=', boardId)
    .where('archived', '=', false)
    .execute()
  return new Map(
    rows.map((r) => [r.card_id, { assigneeId: r.assignee_id, delegatedOrgId: r.delegated_org_id }]),
  )
}

/** Which write set this field: the id of the map entry holding its current value. */
function stampOf(card: Y.Map<unknown>, field: string): string {
  const item = card._map.get(field)
  return item ? `${item.id.client}.${item.id.clock}` : 'none'
}

/**
 * The log rows this compaction folds in (passed by live compaction; a rebuild has none). Shaped
 * like projections/messageVersions.ts `VersionInput`, declared here so boards need nothing of
 * threads.
 */
export interface FoldedLog {
  log: ReadonlyArray<{ update: Uint8Array; userId: string | null }>
}

/**
 * Who wrote a field's current value, from the log row whose update carries its Yjs item, so
 * someone assigning a card to themselves is not told about it. Unknown (null) on a rebuild.
 */
function writersIn(folded: FoldedLog | undefined) {
  let decoded: Array<{ userId: string | null; ids: Array<[number, number, number]> }> | undefined
  return (card: Y.Map<unknown>, field: string): string | null => {
    const id = card._map.get(field)?.id
    if (!id || !folded?.log.length) return null
    decoded ??= folded.log.map((row) => ({
      userId: row.userId,
      ids: Y.decodeUpdate(row.update).structs.map((s) => [s.id.client, s.id.clock, s.length]),
    }))
    const row = decoded.find((r) =>
      r.ids.some(
        ([client, clock, length]) => client === id.client && clock <= id.clock && id.clock < clock + length,
      ),
    )
    return row?.userId ?? null
  }
}
