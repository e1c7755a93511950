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
  touched?: ReadonlySet<Y.Map<FieldValue>>,
): Promise<ThreadProjection> {
  const result: ThreadProjection = { fresh: new Set(), refused: new Set(), parked: [] }
  if (ref.kind !== 'thread') return result
  const entries: Entry[] = []
  for (const map of messagesOf(doc)) {
    if (!(map instanceof Y.Map)) continue
    // Reading a message is in memory; only touched ones are read from the database below.
    const message = readMessage(map)
    if (message.id && isUuid(message.authorId)) entries.push({ map, message })
  }
  if (entries.length === 0) return result
  // The messages to project: all live ones, or only those the folded updates touched (the rest
  // were projected by the compaction that folded their updates, in its transaction).
  const projected = touched ? entries.filter((e) => touched.has(e.map)) : entries
  if (projected.length === 0) return result
  const byId = await rowsOf(trx, ref.id, [...new Set(projected.map((e) => e.message.id))])
  const toPark: ParkedItem[] = []
  const refuse = ({ map, message: m }: Entry, reason: string) => {
    result.refused.add(map)
    toPark.push(parkedItem(ref, map, m.id, m.authorId, reason))
  }
  const holder = holdersOf(entries, byId)
  const chosen = new Map<string, Entry>()
  for (const entry of projected) {
    const row = byId.get(entry.message.id)
    if (row && row.author_id !== entry.message.authorId) refuse(entry, "the id of another author's message")
    else if (holder.get(entry.message.id) !== entry)
      refuse(entry, 'the id of another message in the document')
    else chosen.set(entry.message.id, entry)
  }
  const seqs = await numberNew(trx, ref.id, entries, chosen, byId, touched !== undefined)
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

/**
 * The message that holds each id: the first in the document whose author owns the id's row (or
 * the first, when it has no row or its row was not read). One author's message never overwrites
 * another's row, and a second message with a taken id is refused.
 */
function holdersOf(entries: readonly Entry[], byId: ReadonlyMap<string, StoredRow>): Map<string, Entry> {
  const holder = new Map<string, Entry>()
  for (const entry of entries) {
    const row = byId.get(entry.message.id)
    if (row && row.author_id !== entry.message.authorId) continue
    if (!holder.has(entry.message.id)) holder.set(entry.message.id, entry)
  }
  return holder
}

type StoredRow = ProjectedRow & { seq: number; archived_at: Date | null; author_id: string | null }

/**
 * The rows of these messages. Only messages in the document: archived ones cannot change any
 * more, and a long thread's archive is far larger than its live part.
 */
async function rowsOf(
  trx: Kysely<Database>,
  threadId: string,
  ids: string[],
): Promise<Map<string, StoredRow>> {
  const byId = new Map<string, StoredRow>()
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
      .where('thread_id', '=', threadId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) byId.set(row.id, row)
  }
  return byId
}

/**
 * The numbers of the chosen messages that have no row yet, in document order (threadSeq.ts).
 *
 * The usual case in a busy channel: the new messages are the document's last ones, after a
 * message whose row holds the thread's highest number. They are numbered after it, reading two
 * rows instead of every live one (which, on every compaction of a busy channel, held PGlite's one
 * connection for most of its time: issue 21, bench:busy). Anything else (a late message that
 * Yjs placed before numbered ones, a predecessor archived by another instance, a number that
 * disagrees) takes the full path, which reads every live row and renumbers what moved.
 */
async function numberNew(
  trx: Kysely<Database>,
  threadId: string,
  entries: readonly Entry[],
  chosen: ReadonlyMap<string, Entry>,
  byId: Map<string, StoredRow>,
  incremental: boolean,
): Promise<Map<string, number>> {
  const isNew = (e: Entry) => chosen.get(e.message.id) === e && !byId.has(e.message.id)
  // The messages that get numbers: each id's holder.
  const holder = holdersOf(entries, byId)
  const numbered = entries.filter((e) => holder.get(e.message.id) === e)
  const first = numbered.findIndex(isNew)
  if (first === -1) return new Map()
  if (incremental && first > 0 && numbered.slice(first).every(isNew)) {
    const before = numbered[first - 1]!
    const [row] = (await rowsOf(trx, threadId, [before.message.id])).values()
    const top = await trx
      .selectFrom('messages')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('thread_id', '=', threadId)
      .executeTakeFirst()
    if (row && row.author_id === before.message.authorId && !row.archived_at && row.seq === top?.seq) {
      return new Map(numbered.slice(first).map((e, i) => [e.message.id, row.seq + 1 + i]))
    }
  }
  // The full path: every live message's row, and numbers for all of them.
  const missing = numbered.filter((e) => !byId.has(e.message.id)).map((e) => e.message.id)
  const all = new Map(byId)
  for (const [id, row] of await rowsOf(trx, threadId, missing)) all.set(id, row)
  const holders = holdersOf(entries, all)
  return numberInDocumentOrder(
    trx,
    threadId,
    entries
      .filter(
        (e) => chosen.get(e.message.id) === e || (holders.get(e.message.id) === e && all.has(e.message.id)),
      )
      .map((e) => ({ id: e.message.id, row: all.get(e.message.id) })),
  )
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
