import { sql } from 'kysely'
import * as Y from 'yjs'
import type { DB } from '../../api/db/connect.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import {
  ARCHIVE_LIMITS,
  type ArchiveLimits,
  archiveBoundary,
  type FieldValue,
  messagesOf,
  readMessage,
} from '../../schema/docs/thread.ts'
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
 * round), synchronously in one transaction with origin "local", so the persistence extension
 * logs the deletion and Hocuspocus broadcasts it to every reader. Archiving happens in batches
 * (above `at`, down to `keep`) so a busy thread is not rewritten with every message.
 * Losing the deletion (a crash before it is logged) loses nothing: the next round repeats it.
 */
export { ARCHIVE_LIMITS, type ArchiveLimits }

/** The origin of server writes; logged by persistence (extensions/persistence.ts). */
const SERVER_WRITE = { source: 'local', context: {} } as const

export async function archiveOldMessages(
  db: DB,
  ref: DocRef,
  live: Y.Doc,
  limits: ArchiveLimits = ARCHIVE_LIMITS,
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
  // From here to the deletion nothing awaits: the document cannot change under us.
  const settled = candidates(live, limits).filter(({ map, id }) => {
    const row = rows.get(id)
    return row !== undefined && rowMatches(row, readMessage(map))
  })
  if (settled.length === 0) return 0
  const archived = new Set(settled.map((s) => s.index))
  const array = messagesOf(live)
  live.transact(() => {
    // Back to front, in runs, so earlier indexes stay valid.
    for (let end = array.length - 1; end >= 0; end--) {
      if (!archived.has(end)) continue
      let start = end
      while (start > 0 && archived.has(start - 1)) start--
      array.delete(start, end - start + 1)
      end = start
    }
  }, SERVER_WRITE)
  const done = settled.map((s) => s.id)
  for (let i = 0; i < done.length; i += 500) {
    await db
      .updateTable('messages')
      .set({ archived_at: sql<Date>`now()` })
      .where('thread_id', '=', ref.id)
      .where('id', 'in', done.slice(i, i + 500))
      .where('archived_at', 'is', null)
      .execute()
  }
  return done.length
}

/** The oldest messages beyond the newest `keep`, once the thread holds more than `at`. */
function candidates(
  doc: Y.Doc,
  limits: ArchiveLimits,
): Array<{ index: number; id: string; map: Y.Map<FieldValue> }> {
  const array = messagesOf(doc)
  const out: Array<{ index: number; id: string; map: Y.Map<FieldValue> }> = []
  array.slice(0, archiveBoundary(array.length, limits)).forEach((map, index) => {
    const id = map instanceof Y.Map ? map.get('id') : undefined
    if (map instanceof Y.Map && typeof id === 'string' && id) out.push({ index, id, map })
  })
  return out
}
