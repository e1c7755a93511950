import * as Y from 'yjs'

/** A log row as compaction reads it. */
export interface LogRow {
  id: string
  update: Uint8Array
  user_id: string | null
  created_at: Date
}

/** The stored snapshot and log, folded with the live copy: the compaction's CPU work. */
export interface Folded {
  snapshotRead: Uint8Array
  merged: Y.Doc
  rows: LogRow[]
  folded: LogRow[]
  snapshot: Uint8Array
}

/** Lets the event loop run between the fold's steps (other documents, health checks, acks). */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The union of the stored snapshot and the live state, and which log rows it contains.
 *
 * A busy channel's fold was one synchronous block of 150–250 ms (two full decodes into a fresh
 * document, the row checks and the encode) that stalled every connection and request of the
 * instance (bench:busy, issue 21 item 3). Now: the live state is decoded once, the snapshot only
 * read for what the live state lacks (`diffUpdate` walks the bytes without building items; after
 * this instance's own compactions that is nothing but the delete set), and the event loop gets a
 * turn between the steps. The result is the same union as applying both. A thread's fold runs in
 * the fold thread (foldThread.ts); this thread runs it for the other kinds and under the lock.
 */
export async function fold(snapshotRead: Uint8Array, rows: LogRow[], mine: Uint8Array): Promise<Folded> {
  const merged = new Y.Doc()
  Y.applyUpdate(merged, mine)
  await yieldTurn()
  Y.applyUpdate(merged, Y.diffUpdate(snapshotRead, Y.encodeStateVector(merged)))
  await yieldTurn()
  const state = Y.snapshot(merged)
  const folded = rows.filter((r) => Y.snapshotContainsUpdate(state, new Uint8Array(r.update)))
  await yieldTurn()
  return { snapshotRead, merged, rows, folded, snapshot: Y.encodeStateAsUpdate(merged) }
}
