import { sql } from 'kysely'
import * as Y from 'yjs'
import type { DocRef } from '../../schema/docs/names.ts'
import type { DB } from '../db/connect.ts'
import { projectorFor } from '../projections/index.ts'
import type { ParkedItem } from '../projections/parked.ts'
import { removesMessages } from '../projections/touched.ts'
import { markLeftArchived } from '../threads/archive.ts'
import { compactInOneBatch, EMPTY_SNAPSHOT } from './compactBatch.ts'
import { measuredDocument, measureMark } from './docSize.ts'
import type { PausePoints } from './pausePoints.ts'

/**
 * Loading and compacting a live document. State = latest snapshot + the update log after it.
 *
 * Compaction merges (never overwrites) the stored snapshot with the in-memory state, then
 * deletes exactly the log rows the merged snapshot contains. So an instance that has not yet
 * seen another instance's update can neither drop that update's row nor store over it.
 */

/**
 * The stored state of a document: the snapshot, then the log rows after it; null when never
 * written. One statement, so one snapshot of the database: read as two queries (they were, on two
 * pool connections), a compaction committing between them gave the old snapshot and the log
 * without the rows it had just folded into the new one, i.e. a load without those updates
 * (integration/messageIds caught it on Postgres: a stored thread read back empty).
 */
export async function loadDocumentParts(db: DB, name: string): Promise<Uint8Array[] | null> {
  const { rows } = await sql<{ part: Uint8Array }>`
    SELECT part FROM (
      SELECT snapshot AS part, 0 AS kind, 0::bigint AS seq FROM collab_documents WHERE name = ${name}
      UNION ALL
      SELECT "update", 1, id FROM collab_updates WHERE doc_name = ${name}
    ) stored ORDER BY kind, seq`.execute(db)
  return rows.length === 0 ? null : rows.map((r) => new Uint8Array(r.part))
}

/** The stored state of a document as one update, or null when it has never been written. */
export async function loadDocumentState(db: DB, name: string): Promise<Uint8Array | null> {
  const parts = await loadDocumentParts(db, name)
  if (!parts) return null
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
}

/**
 * Loads the stored state into `doc`, part by part in one transaction. Not through
 * `mergeUpdates`: that decodes and re-encodes the whole snapshot before it is decoded again
 * into the document, which made a cold load of a 10,000-message thread about twice the cost
 * of decoding it (bench/threads.ts). Yjs applies out-of-order parts as a merge would.
 */
export async function applyStoredState(db: DB, name: string, doc: Y.Doc): Promise<StoredState> {
  const parts = await loadDocumentParts(db, name)
  if (!parts) {
    measuredDocument(doc, Y.encodeStateAsUpdate(doc).byteLength)
    return { bytes: 0 }
  }
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part)
  })
  // What was read is an upper bound of the encoded size: encoding a large document again would
  // add a third of a cold load (bench/threads.ts). A large one is compacted at load, which
  // measures it exactly (extensions/persistence.ts).
  const bytes = parts.reduce((sum, p) => sum + p.byteLength, 0)
  measuredDocument(doc, bytes)
  return { bytes }
}

/** What a load read: snapshot + log tail, bytes. */
export interface StoredState {
  bytes: number
}

export interface CompactionResult {
  /** The encoded size of the live copy that was compacted (the write guard's measure). */
  liveBytes: number
  snapshotBytes: number
  droppedUpdates: number
  keptUpdates: number
  /** Items the projection could not write, parked for the first time (report them). */
  parked: ParkedItem[]
}

/** The stored snapshot and log, folded with the live copy: the compaction's CPU work. */
export interface Folded {
  snapshotRead: Uint8Array
  merged: Y.Doc
  rows: Array<{ id: string; update: Uint8Array; user_id: string | null; created_at: Date }>
  folded: Folded['rows']
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
 * turn between the steps. The result is the same union as applying both.
 */
async function fold(snapshotRead: Uint8Array, rows: Folded['rows'], mine: Uint8Array): Promise<Folded> {
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

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

/**
 * Compacts in one transaction, but reads and folds first, outside it. On PGlite's one connection
 * every query waits while a transaction is open, and the fold (reading the log, merging, checking
 * which rows the merge contains, encoding) held it for hundreds of milliseconds in a busy channel
 * (issue 21). The transaction then locks the stored snapshot and uses the fold only when the
 * snapshot is still the one folded (byte for byte); otherwise another compaction came between and
 * it folds again under the lock, as before. Rows appended since the read stay in the log for the
 * next compaction; only compaction deletes log rows, and it changes the snapshot when it does
 * (or, with an identical one, deleted rows this fold may delete again: a no-op, and their
 * history is keyed, so projecting them twice writes nothing new).
 */
export async function compactDocument(
  db: DB,
  ref: DocRef,
  live: Y.Doc,
  pause?: PausePoints['pause'],
  /** Project only what the folded rows touched (projections/touched.ts); else the whole document. */
  incremental = false,
): Promise<CompactionResult> {
  const mark = measureMark(live)
  const mine = Y.encodeStateAsUpdate(live)
  const readLog = (q: DB) =>
    q
      .selectFrom('collab_updates')
      .select(['id', 'update', 'user_id', 'created_at'])
      .where('doc_name', '=', ref.name)
      .orderBy('id')
      .execute()
  const storedBefore = await db
    .selectFrom('collab_documents')
    .select('snapshot')
    .where('name', '=', ref.name)
    .executeTakeFirst()
  // A document never compacted is folded onto the empty snapshot the transaction creates (a busy
  // channel's first compaction folds thousands of rows: it must not be the one under the lock).
  const snapshotRead = storedBefore ? new Uint8Array(storedBefore.snapshot) : EMPTY_SNAPSHOT
  const early = await fold(snapshotRead, await readLog(db), mine)
  try {
    // A thread's compaction goes to the database as one batch when it can (compactBatch.ts).
    if (await compactInOneBatch(db, ref, early, incremental, pause)) {
      measuredDocument(live, mine.byteLength, mark)
      return {
        liveBytes: mine.byteLength,
        snapshotBytes: early.snapshot.byteLength,
        droppedUpdates: early.folded.length,
        keptUpdates: early.rows.length - early.folded.length,
        parked: [],
      }
    }
    await pause?.('fold')
    return await db.transaction().execute(async (trx) => {
      const orgId = ref.kind === 'inbox' ? null : ref.orgId
      await trx
        .insertInto('collab_documents')
        .values({ name: ref.name, org_id: orgId, kind: ref.kind, snapshot: EMPTY_SNAPSHOT })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      // Serialises compactions of one document across instances.
      const stored = await trx
        .selectFrom('collab_documents')
        .select('snapshot')
        .where('name', '=', ref.name)
        .forUpdate()
        .executeTakeFirstOrThrow()
      const storedBytes = new Uint8Array(stored.snapshot)
      const f = sameBytes(early.snapshotRead, storedBytes)
        ? early
        : await fold(storedBytes, await readLog(trx), mine)
      if (f !== early) early.merged.destroy()
      const contained = f.folded.map((r) => r.id)

      await trx
        .updateTable('collab_documents')
        .set({ snapshot: f.snapshot, updated_at: sql<Date>`now()` })
        .where('name', '=', ref.name)
        .execute()
      if (contained.length > 0) await trx.deleteFrom('collab_updates').where('id', 'in', contained).execute()
      // Rows of messages an archive round took out, should its own marking have been lost: on a
      // whole projection, or when the folded rows remove messages (reading every live row on
      // each compaction of a busy channel held PGlite's one connection: issue 21).
      const updates = f.folded.map((r) => new Uint8Array(r.update))
      if (ref.kind === 'thread' && (!incremental || removesMessages(f.merged, updates)))
        await markLeftArchived(trx, ref, f.merged)
      await pause?.('compaction')
      // The folded rows go with the projection: a thread keeps every edit they carry (history).
      const log = f.folded.map((r) => ({
        id: r.id,
        update: new Uint8Array(r.update),
        userId: r.user_id,
        at: r.created_at,
      }))
      const report = await projectorFor(ref)?.(trx, ref, f.merged, { log, before: storedBytes, incremental })
      f.merged.destroy()
      measuredDocument(live, mine.byteLength, mark)
      return {
        liveBytes: mine.byteLength,
        snapshotBytes: f.snapshot.byteLength,
        droppedUpdates: contained.length,
        keptUpdates: f.rows.length - contained.length,
        parked: report?.parked ?? [],
      }
    })
  } finally {
    early.merged.destroy()
  }
}
