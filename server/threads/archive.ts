import { type Kysely, sql } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import { removeReactionsOf } from '../../schema/docs/reactions.ts'
import {
  ARCHIVE_LIMITS,
  type ArchiveLimits,
  archiveBoundary,
  type FieldValue,
  messagesOf,
  readMessage,
} from '../../schema/docs/thread.ts'
import { batchStatement, runBatch } from '../db/batch.ts'
import type { DB } from '../db/connect.ts'
import type { PausePoints } from '../docstore/pausePoints.ts'
import { SERVER_LOGGED_ORIGIN } from '../docstore/serverWrites.ts'
import { type ProjectedRow, rowMatches } from '../projections/thread.ts'

/**
 * The thread archive: a thread document keeps its newest messages; older ones leave it and are
 * read from their `messages` rows (GET /api/threads/:id/archive).
 *
 * Why: every reader loads the whole document, and decoding it is linear in everything it ever
 * held. A 10,000-message channel took 190 ms just to decode (bench/threads.ts), on the server at
 * each cold load and in each browser before the first message shows. A Yjs deletion leaves a
 * small tombstone per message (its map's fields are garbage-collected), so after archiving the
 * same channel decodes in about 13 ms.
 *
 * Runs after a compaction has projected the document: a message is removed only when its row
 * says exactly what the live document says (an edit that arrived since is kept for the next
 * round), checked and removed in one synchronous step per slice of 250 messages (a turn between
 * slices); Hocuspocus broadcasts each slice to every reader.
 * Archiving happens in batches (above `at`, down to `keep`) so a busy thread is not rewritten
 * with every message.
 *
 * Durability is one step: the deletion update is appended to the log in the same database
 * transaction that marks the rows archived (its origin tells the persistence extension it is
 * logged already). Before, the log append and the marking were separate, and a kill between them
 * left acknowledged messages out of the document and unmarked, where no reader looked (issue 21).
 * A crash before the commit loses nothing: the stored document still holds the messages and the
 * next round repeats it. Should the commit fail without a crash, the copy in memory no longer
 * holds them and its next compaction would store that: compaction marks every row whose message
 * left the document (`markLeftArchived`, in the compaction's transaction), so that case ends
 * where the commit would have.
 */
export { ARCHIVE_LIMITS, type ArchiveLimits }

export async function archiveOldMessages(
  db: DB,
  ref: DocRef,
  live: Y.Doc,
  limits: ArchiveLimits = ARCHIVE_LIMITS,
  pause?: PausePoints['pause'],
): Promise<number> {
  if (ref.kind !== 'thread') return 0
  const ids = candidates(live, limits).map((c) => c.id)
  if (ids.length === 0) return 0
  const rows = new Map<string, ProjectedRow>()
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .selectFrom('messages')
      .select(['id', 'text', 'edited_at', 'deleted', 'hidden', 'hidden_reason'])
      .where('thread_id', '=', ref.id)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const row of found) rows.set(row.id, row)
  }
  // A message leaves only if its row says exactly what the document says, checked in the same
  // synchronous step that removes it (deleteInSlices).
  const matches = ({ map, id }: Candidate) => {
    const row = rows.get(id)
    return row !== undefined && rowMatches(row, readMessage(map))
  }
  const { deletions, done } = await deleteInSlices(live, candidates(live, limits), matches)
  if (done.length === 0) return 0
  await pause?.('archive')
  // One batch (db/batch.ts): on PGlite its statements run back to back in the database thread.
  const log =
    deletions.length > 0
      ? [
          db
            .insertInto('collab_updates')
            .values(deletions.map((update) => ({ doc_name: ref.name, update, user_id: null })))
            .compile(),
        ]
      : []
  await runBatch(
    db,
    [...log, ...markArchivedStatements(db, ref.id, done)].map((q) => batchStatement(q)),
  )
  return done.length
}

/**
 * Removing a round's messages from the live document, a slice per event-loop turn. One Yjs
 * transaction for a whole round (2,000+ messages in a busy channel) held the event loop for
 * 100–170 ms, with its observers and broadcast, stalling every connection (bench:busy, issue 21
 * item 3). Between slices only clients' appends (at the end) and other rounds' deletions move
 * indexes, so each slice finds its messages again by identity. Returns each slice's update, all
 * logged in the round's one transaction (a crash before it loses nothing: the stored document
 * still holds them all).
 */
const ARCHIVE_SLICE = 250

async function deleteInSlices(
  live: Y.Doc,
  settled: Candidate[],
  matches: (c: Candidate) => boolean,
): Promise<{ deletions: Uint8Array[]; done: string[] }> {
  const array = messagesOf(live)
  const deletions: Uint8Array[] = []
  const done: string[] = []
  const capture = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_LOGGED_ORIGIN) deletions.push(update)
  }
  for (let i = 0; i < settled.length; i += ARCHIVE_SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    // From here to the deletion nothing awaits: the document cannot change under us.
    const slice = new Map<Y.Map<FieldValue>, Candidate>()
    for (const c of settled.slice(i, i + ARCHIVE_SLICE)) if (matches(c)) slice.set(c.map, c)
    const indexes: number[] = []
    const ids = new Set<string>()
    array.forEach((map, index) => {
      const c = slice.get(map)
      if (c) {
        indexes.push(index)
        ids.add(c.id)
        done.push(c.id)
      }
    })
    if (indexes.length === 0) continue
    live.on('update', capture)
    try {
      live.transact(() => {
        // Back to front, in runs, so earlier indexes stay valid.
        for (let k = indexes.length - 1; k >= 0; ) {
          let start = k
          while (start > 0 && indexes[start - 1] === indexes[start]! - 1) start--
          array.delete(indexes[start]!, k - start + 1)
          k = start - 1
        }
        // Their reactions leave with them (the archive keeps no reactions).
        removeReactionsOf(live, ids)
      }, SERVER_LOGGED_ORIGIN)
    } finally {
      live.off('update', capture)
    }
  }
  return { deletions, done }
}

function markArchivedStatements(db: Kysely<Database>, threadId: string, ids: readonly string[]) {
  const out = []
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      db
        .updateTable('messages')
        .set({ archived_at: sql<Date>`now()` })
        .where('thread_id', '=', threadId)
        .where('id', 'in', ids.slice(i, i + 500))
        .where('archived_at', 'is', null)
        .compile(),
    )
  }
  return out
}

async function markArchived(trx: Kysely<Database>, threadId: string, ids: readonly string[]): Promise<void> {
  for (const query of markArchivedStatements(trx, threadId, ids)) await trx.executeQuery(query)
}

/**
 * Marks archived every row whose message is no longer in the document (run by the compaction,
 * in its transaction, on the document it stores). Messages leave a thread document only by an
 * archive round, so such a row's message was archived even if that round's marking was lost.
 * Reads only the unarchived rows: the live part, plus any such leftovers.
 */
export async function markLeftArchived(trx: Kysely<Database>, ref: DocRef, doc: Y.Doc): Promise<number> {
  if (ref.kind !== 'thread') return 0
  const inDoc = new Set<unknown>(messagesOf(doc).map((m) => (m instanceof Y.Map ? m.get('id') : undefined)))
  const unarchived = await trx
    .selectFrom('messages')
    .select('id')
    .where('thread_id', '=', ref.id)
    .where('archived_at', 'is', null)
    .execute()
  const left = unarchived.map((r) => r.id).filter((id) => !inDoc.has(id))
  await markArchived(trx, ref.id, left)
  return left.length
}

/** The oldest messages beyond the newest `keep`, once the thread holds more than `at`. */
interface Candidate {
  index: number
  id: string
  map: Y.Map<FieldValue>
}

function candidates(doc: Y.Doc, limits: ArchiveLimits): Candidate[] {
  const array = messagesOf(doc)
  const out: Candidate[] = []
  array.slice(0, archiveBoundary(array.length, limits)).forEach((map, index) => {
    const id = map instanceof Y.Map ? map.get('id') : undefined
    if (map instanceof Y.Map && typeof id === 'string' && id) out.push({ index, id, map })
  })
  return out
}
