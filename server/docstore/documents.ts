import { sql } from 'kysely'
import * as Y from 'yjs'
import type { DocRef } from '../../schema/docs/names.ts'
import type { DB } from '../db/connect.ts'
import { fallbackLog } from '../log.ts'
import { projectorFor } from '../projections/index.ts'
import type { ParkedItem } from '../projections/parked.ts'
import { removesMessages } from '../projections/touched.ts'
import { markLeftArchived } from '../threads/archive.ts'
import { compactInOneBatch, EMPTY_SNAPSHOT, sendCompaction } from './compactBatch.ts'
import { measuredDocument, measureMark } from './docSize.ts'
import { type Folded, fold, type LogRow } from './fold.ts'
import { foldThreadEnabled, foldThreadReady, planInFoldThread } from './foldThread.ts'
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
 *
 * A thread's fold and the planning of its projection run in the fold thread (foldThread.ts): on
 * the event loop they were the longest blocks a busy channel caused (issue 21 item 3). What stays
 * here: the reads, encoding what the live copy holds beyond the stored state (its delete set and
 * the updates not yet logged; the whole copy was 30–70 ms) and sending the batch.
 */
export async function compactDocument(
  db: DB,
  ref: DocRef,
  live: Y.Doc,
  pause?: PausePoints['pause'],
  /** Project only what the folded rows touched (projections/touched.ts); else the whole document. */
  incremental = false,
  /** Fold a thread in the fold thread (foldThread.ts); off, on this thread. */
  inFoldThread = foldThreadEnabled(),
): Promise<CompactionResult> {
  const readLog = (q: DB) =>
    q
      .selectFrom('collab_updates')
      .select(['id', 'update', 'user_id', 'created_at'])
      .where('doc_name', '=', ref.name)
      .orderBy('id')
      .execute()
  const inTransaction = (early?: Folded, encoded?: { mine: Uint8Array; mark: number }) => {
    const mark = encoded?.mark ?? measureMark(live)
    const mine = encoded?.mine ?? Y.encodeStateAsUpdate(live)
    return compactInTransaction(db, ref, live, { mine, mark, readLog, incremental, pause, early })
  }
  if (ref.kind === 'thread' && inFoldThread && foldThreadReady()) {
    // The fold and the plan off the event loop (foldThread.ts); the batch from here. Should the
    // thread fail, or the batch not apply, the transaction below folds again on this thread.
    const { snapshotRead, rowsRead } = await readStored(db, ref, readLog)
    let mark = 0
    const liveSince = (stateVector: Uint8Array) => {
      mark = measureMark(live)
      return Y.encodeStateAsUpdate(live, stateVector)
    }
    const planned = await planInFoldThread(db, ref, snapshotRead, rowsRead, liveSince, incremental).catch(
      (error: unknown) => {
        fallbackLog.warn('collab.fold_thread_failed', { doc: ref.name, error: String(error) })
        return null
      },
    )
    if (planned && (await sendCompaction(db, ref, snapshotRead, planned, pause))) {
      // The snapshot holds the live copy as it was encoded (and the log read): the guard's measure.
      const bytes = planned.snapshot.byteLength
      measuredDocument(live, bytes, mark)
      return {
        liveBytes: bytes,
        snapshotBytes: bytes,
        droppedUpdates: planned.contained.length,
        keptUpdates: planned.kept,
        parked: [],
      }
    }
    return inTransaction()
  }
  const mark = measureMark(live)
  const mine = Y.encodeStateAsUpdate(live)
  const { snapshotRead, rowsRead } = await readStored(db, ref, readLog)
  const early = await fold(snapshotRead, rowsRead, mine)
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
    return await inTransaction(early, { mine, mark })
  } finally {
    early.merged.destroy()
  }
}

/** The stored snapshot and the log after it, read before any transaction. */
async function readStored(db: DB, ref: DocRef, readLog: (q: DB) => Promise<LogRow[]>) {
  const storedBefore = await db
    .selectFrom('collab_documents')
    .select('snapshot')
    .where('name', '=', ref.name)
    .executeTakeFirst()
  // A document never compacted is folded onto the empty snapshot the transaction creates (a busy
  // channel's first compaction folds thousands of rows: it must not be the one under the lock).
  const snapshotRead = storedBefore ? new Uint8Array(storedBefore.snapshot) : EMPTY_SNAPSHOT
  return { snapshotRead, rowsRead: await readLog(db) }
}

interface TransactionInput {
  mine: Uint8Array
  mark: number
  readLog: (q: DB) => Promise<LogRow[]>
  incremental: boolean
  pause?: PausePoints['pause']
  /** The fold made before the transaction, used when the stored snapshot is still the one it read. */
  early?: Folded
}

/**
 * The ordinary compaction: one transaction that locks the stored snapshot, folds under the lock
 * unless the early fold is still current, and writes the projection row by row (parking what the
 * database refuses).
 */
async function compactInTransaction(
  db: DB,
  ref: DocRef,
  live: Y.Doc,
  { mine, mark, readLog, incremental, pause, early }: TransactionInput,
): Promise<CompactionResult> {
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
    const f =
      early && sameBytes(early.snapshotRead, storedBytes)
        ? early
        : await fold(storedBytes, await readLog(trx), mine)
    const contained = f.folded.map((r) => r.id)

    try {
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
      measuredDocument(live, mine.byteLength, mark)
      return {
        liveBytes: mine.byteLength,
        snapshotBytes: f.snapshot.byteLength,
        droppedUpdates: contained.length,
        keptUpdates: f.rows.length - contained.length,
        parked: report?.parked ?? [],
      }
    } finally {
      // The early fold is the caller's to destroy.
      if (f !== early) f.merged.destroy()
    }
  })
}
