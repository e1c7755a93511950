import * as Y from 'yjs'
import { type FieldValue, messagesOf } from '../../schema/docs/thread.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * "Is any of these new message ids a message of this thread already (archived ones included)?"
 * for the write guard, answered from memory after one query per loaded thread.
 *
 * Why: it used to ask the database for every post (later one query per batch of concurrent
 * writers). Under a busy channel that was still the most frequent holder of PGlite's one
 * connection: 564 `select messages` in a 30 s burst, mean 19.6 ms (bench:busy, issue 21), ahead
 * of every append and health check.
 *
 * What a thread's used ids are, and why memory has them all: a `messages` row is only ever
 * written by compaction from a document's content, so every id is either
 *   - a row already written when this instance first asked (one query, `select id`), or
 *   - in the live document at that moment (read from it), or
 *   - inserted into the live document afterwards, by a client of this instance or relayed from
 *     another one over Redis: the observer on the messages array records it as it is applied.
 * A message leaves the document only by an archive round, whose row exists by then, and its id
 * is recorded already. So the set answers exactly what the query answered, minus the round trip.
 * Ids stay recorded until the document is unloaded (the set hangs off the Y.Doc); the cost is
 * about 90 bytes per message ever posted in a loaded thread.
 */
export interface UsedIds {
  /**
   * Whether any of `ids` is already a message of the thread `doc` holds. Synchronous once the
   * thread's stored ids are read (the first question per loaded document waits for that query).
   */
  anyUsed(threadId: string, doc: Y.Doc, ids: readonly string[]): boolean | Promise<boolean>
}

interface Known {
  ids: Set<unknown>
  /** Until the stored ids are read; then undefined. */
  loading: Promise<void> | undefined
  failed: unknown
}

/**
 * Every id field of the maps a transaction inserted into the messages array.
 *
 * Read from the structs the transaction created (per client, the clocks between its state before
 * and after), not from `event.changes`: Yjs computes that by walking the whole array, archived
 * tombstones included, so every accepted post cost O(thread) here, 7–11 % of the busy main thread
 * under 50 writers (bench:busy, issue 21). The items a transaction creates are exactly the
 * structs in those clock ranges, so this records the same ids in O(update).
 */
export function recordInserted(event: Y.YArrayEvent<Y.Map<FieldValue>>, ids: Set<unknown>): void {
  const { transaction, target } = event
  const clients = transaction.doc.store.clients
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = clients.get(client)
    if (!structs) continue
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct.id.clock >= after) break
      if (!(struct instanceof Y.Item) || struct.parent !== target || struct.deleted) continue
      const map = struct.content instanceof Y.ContentType ? struct.content.type : undefined
      if (map instanceof Y.Map) ids.add(map.get('id'))
    }
  }
}

export function createUsedIds(db: DB): UsedIds {
  const known = new WeakMap<Y.Doc, Known>()

  function start(threadId: string, doc: Y.Doc): Known {
    const messages = messagesOf(doc)
    const k: Known = { ids: new Set(), loading: undefined, failed: undefined }
    // First the observer, then the document, then the rows: an id added at any point between is
    // seen by one of the three.
    messages.observe((event) => recordInserted(event, k.ids))
    for (const m of messages) k.ids.add(m.get('id'))
    k.loading = db
      .selectFrom('messages')
      .select('id')
      .where('thread_id', '=', threadId)
      .execute()
      .then(
        (rows) => {
          for (const row of rows) k.ids.add(row.id)
          k.loading = undefined
        },
        (error: unknown) => {
          // Ask again next time rather than answer from a partial set.
          known.delete(doc)
          k.failed = error
          throw error
        },
      )
    known.set(doc, k)
    return k
  }

  const anyOf = (k: Known, ids: readonly string[]) => ids.some((id) => k.ids.has(id))

  return {
    anyUsed(threadId, doc, ids) {
      if (ids.length === 0) return false
      const k = known.get(doc) ?? start(threadId, doc)
      if (k.loading) return k.loading.then(() => anyOf(k, ids))
      return anyOf(k, ids)
    },
  }
}
