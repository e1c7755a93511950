import { type Kysely, sql } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { type DocRef, isUuid } from '../../schema/docs/names.ts'
import { type FieldValue, messagesOf, readMessage, type ThreadMessage } from '../../schema/docs/thread.ts'
import { enqueue, type OutboxEntry } from '../outbox/enqueue.ts'
import { type ParkedItem, park, parkedItem, writeEach } from './parked.ts'
import { numberInDocumentOrder } from './threadSeq.ts'

/**
 * Thread → `messages` rows, plus one outbox row per message that changed (for search and
 * notifications). Hidden and deleted messages keep their row but lose their text, so nothing
 * downstream can show it (moderators read it in the history).
 *
 * Rows are only ever inserted or updated, never removed: a message that left the live document
 * for the archive (threadArchive.ts) keeps its row, which is then the only copy. New rows are
 * numbered (`seq`) by their place in the document, above the archive (threadSeq.ts); compactions
 * of one document are serialised (store/documents.ts), so numbers are never handed out twice.
 */
const CHUNK = 500

/** What a thread's projection did besides writing rows. */
export interface ThreadProjection {
  /** Ids of messages that had no row before (new ones). */
  fresh: Set<string>
  /** Message maps that were not projected (parked): their history and notices are skipped too. */
  refused: Set<Y.Map<FieldValue>>
  /** Items parked for the first time by this run. */
  parked: ParkedItem[]
}

interface Entry {
  map: Y.Map<FieldValue>
  message: ThreadMessage
}

/**
 * Projects the document. A message is refused (parked, reported, never written) when its id is
 * already another message's in the document (the first keeps it) or its row belongs to another
 * author: one author's message never overwrites another's row. A row the database refuses is
 * parked too; the rest are written (parked.ts).
 */
export async function projectThread(
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
): Promise<ThreadProjection> {
  const result: ThreadProjection = { fresh: new Set(), refused: new Set(), parked: [] }
  if (ref.kind !== 'thread') return result
  const entries: Entry[] = []
  for (const map of messagesOf(doc)) {
    if (!(map instanceof Y.Map)) continue
    const message = readMessage(map)
    if (message.id && isUuid(message.authorId)) entries.push({ map, message })
  }
  if (entries.length === 0) return result
  // Only the rows of messages in the document: archived ones cannot change any more, and a
  // long thread's archive is far larger than its live part.
  const byId = new Map<
    string,
    ProjectedRow & { seq: number; archived_at: Date | null; author_id: string | null }
  >()
  const ids = [...new Set(entries.map((e) => e.message.id))]
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('messages')
      .select([
        'id',
        'text',
        'edited_at',
        'deleted',
        'hidden',
        'hidden_reason',
        'seq',
        'archived_at',
        'author_id',
      ])
      .where('thread_id', '=', ref.id)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) byId.set(row.id, row)
  }
  const toPark: ParkedItem[] = []
  const refuse = ({ map, message: m }: Entry, reason: string) => {
    result.refused.add(map)
    toPark.push(parkedItem(ref, map, m.id, m.authorId, reason))
  }
  const chosen = new Map<string, Entry>()
  for (const entry of entries) {
    const row = byId.get(entry.message.id)
    if (row && row.author_id !== entry.message.authorId) refuse(entry, "the id of another author's message")
    else if (chosen.has(entry.message.id)) refuse(entry, 'the id of another message in the document')
    else chosen.set(entry.message.id, entry)
  }
  // Numbers follow the document's order (threadSeq.ts); moved rows are renumbered there.
  const seqs = await numberInDocumentOrder(
    trx,
    ref.id,
    [...chosen.values()].map((e) => ({ id: e.message.id, row: byId.get(e.message.id) })),
  )
  const changed = [...chosen.values()].flatMap((entry) => {
    const row = byId.get(entry.message.id)
    if (!row) return [{ entry, seq: seqs.get(entry.message.id)! }]
    return rowMatches(row, entry.message) ? [] : [{ entry, seq: row.seq }]
  })
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK)
    const failed = await writeEach(trx, chunk, (rows) => upsertMessages(trx, ref, rows))
    for (const { row, reason } of failed) refuse(row.entry, reason)
    const written = chunk.filter(({ entry }) => !result.refused.has(entry.map))
    for (const { entry } of written) if (!byId.has(entry.message.id)) result.fresh.add(entry.message.id)
    if (written.length === 0) continue
    await enqueue(
      trx,
      'message.changed',
      written.map(({ entry: { message: m } }) => messageChanged(ref.orgId, ref.id, m.id, m.authorId)),
    )
  }
  result.parked = await park(trx, toPark)
  return result
}

async function upsertMessages(
  trx: Kysely<Database>,
  ref: { orgId: string; id: string },
  rows: ReadonlyArray<{ entry: Entry; seq: number }>,
): Promise<void> {
  await trx
    .insertInto('messages')
    .values(
      rows.map(({ entry: { message: m }, seq }) => ({
        org_id: ref.orgId,
        thread_id: ref.id,
        id: m.id,
        seq,
        author_id: m.authorId,
        text: visibleText(m),
        created_at: new Date(m.createdAt),
        edited_at: m.editedAt === null ? null : new Date(m.editedAt),
        deleted: m.deleted,
        hidden: m.hidden,
        hidden_reason: m.hidden ? m.hiddenReason : null,
        hidden_by: m.hidden && m.hiddenBy && isUuid(m.hiddenBy) ? m.hiddenBy : null,
        attachments: sql<string[]>`${toUuidArray(m.attachments)}::uuid[]`,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['thread_id', 'id'])
        .doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          edited_at: eb.ref('excluded.edited_at'),
          deleted: eb.ref('excluded.deleted'),
          hidden: eb.ref('excluded.hidden'),
          hidden_reason: eb.ref('excluded.hidden_reason'),
          hidden_by: eb.ref('excluded.hidden_by'),
        }))
        // Never another author's row, even if it appeared since it was read above.
        .whereRef('messages.author_id', '=', 'excluded.author_id'),
    )
    .execute()
}

/** The outbox row that tells search (and the notifier) a message changed. */
export function messageChanged(
  orgId: string,
  threadId: string,
  messageId: string,
  authorId: string | null,
): OutboxEntry<'message.changed'> {
  return { orgId, entityId: messageId, payload: { threadId, messageId, authorId } }
}

const visibleText = (m: ThreadMessage) => (m.deleted || m.hidden ? '' : m.text)

/** The projected columns a message can change, as read back from `messages`. */
export interface ProjectedRow {
  text: string
  edited_at: Date | null
  deleted: boolean
  hidden: boolean
  hidden_reason: string | null
}

/** Whether the row already says what the message says (nothing to project). */
export function rowMatches(row: ProjectedRow, m: ThreadMessage): boolean {
  return (
    row.text === visibleText(m) &&
    row.deleted === m.deleted &&
    row.hidden === m.hidden &&
    row.hidden_reason === (m.hidden ? m.hiddenReason : null) &&
    (row.edited_at?.getTime() ?? null) === m.editedAt
  )
}

/** A Postgres array literal of the ids that are UUIDs (the guard admits only those). */
function toUuidArray(ids: readonly string[]): string {
  return `{${ids.filter(isUuid).join(',')}}`
}
