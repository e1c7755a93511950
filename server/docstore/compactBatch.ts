import { createHash } from 'node:crypto'
import { type KyselyPlugin, sql } from 'kysely'
import type { DocRef } from '../../schema/docs/names.ts'
import { type BatchStatement, batchStatement, runBatch } from '../db/batch.ts'
import type { DB } from '../db/connect.ts'
import { projectorFor } from '../projections/index.ts'
import { removesMessages } from '../projections/touched.ts'
import { markLeftArchived } from '../threads/archive.ts'
import type { Folded } from './fold.ts'
import type { PausePoints } from './pausePoints.ts'
import { type PlanReader, planWrites } from './plannedWrites.ts'

/** The snapshot of a document row created by its first compaction: the empty Yjs update. */
export const EMPTY_SNAPSHOT = new Uint8Array([0, 0])

/**
 * A thread's compaction as one batch (issue 21 (a)): the projection is planned before the
 * transaction (its reads run at once, its writes are compiled: plannedWrites.ts), and the
 * transaction is then sent whole to the database (db/batch.ts): lock the stored snapshot, check
 * it is still the one folded, store the new one, delete the folded log rows, write the planned
 * rows. On PGlite it runs in the database thread without a trip to the main thread between
 * statements, so its hold of the one connection is the database's own time, not ~57 turns of a
 * loaded event loop (up to 1.3 s, while every append and acknowledgement waited).
 *
 * The guarantees are the transaction's: the snapshot and the deletion of exactly the rows it
 * contains commit together with the projection of those rows, or nothing does. Every read of the
 * plan happened after the snapshot was read; a compaction that came between changed the
 * snapshot, so the check fails, the batch rolls back, and compaction runs its ordinary
 * transaction, which folds again under the lock. Any other failure (a row the database refuses)
 * also falls back to it, where such a row is parked and the rest written.
 *
 * The fold and the plan run in the fold thread (foldThread.ts) or, without it, here
 * (`compactInOneBatch`); the batch is sent from the main thread either way (`sendCompaction`).
 */

/** What a thread's compaction will write, planned from its fold. */
export interface PlannedCompaction {
  snapshot: Uint8Array
  /** Ids of the log rows the snapshot contains (deleted by the batch). */
  contained: string[]
  /** Log rows read but not contained (appended since the live copy was encoded). */
  kept: number
  writes: BatchStatement[]
  /** A write needed its result: the caller must run the ordinary transaction. */
  unplannable: boolean
}

/** The projection of a fold as planned writes; the CPU work of a thread's compaction. */
export async function planCompaction(
  read: PlanReader,
  plugins: readonly KyselyPlugin[],
  ref: DocRef,
  f: Folded,
  incremental: boolean,
): Promise<PlannedCompaction> {
  const plan = planWrites(read, plugins)
  const updates = f.folded.map((r) => new Uint8Array(r.update))
  if (!incremental || removesMessages(f.merged, updates)) await markLeftArchived(plan.db, ref, f.merged)
  const log = f.folded.map((r) => ({
    id: r.id,
    update: new Uint8Array(r.update),
    userId: r.user_id,
    at: r.created_at,
  }))
  await projectorFor(ref)?.(plan.db, ref, f.merged, { log, before: f.snapshotRead, incremental })
  return {
    snapshot: f.snapshot,
    contained: f.folded.map((r) => r.id),
    kept: f.rows.length - f.folded.length,
    writes: plan.writes,
    unplannable: plan.unplannable,
  }
}

/** Folded and planned on this thread, then sent. Returns false when the caller must run the transaction. */
export async function compactInOneBatch(
  db: DB,
  ref: DocRef,
  f: Folded,
  incremental: boolean,
  pause?: PausePoints['pause'],
): Promise<boolean> {
  if (ref.kind !== 'thread') return false
  const reader = db.withoutPlugins()
  const planned = await planCompaction(
    (q) => reader.executeQuery(q),
    db.getExecutor().plugins,
    ref,
    f,
    incremental,
  )
  return sendCompaction(db, ref, f.snapshotRead, planned, pause)
}

/**
 * The batch: the head (lock, check, store, delete the folded rows), then the planned writes.
 * Returns false when the caller must run the ordinary transaction.
 */
export async function sendCompaction(
  db: DB,
  ref: DocRef,
  snapshotRead: Uint8Array,
  planned: PlannedCompaction,
  pause?: PausePoints['pause'],
): Promise<boolean> {
  if (ref.kind !== 'thread' || planned.unplannable) return false
  const { contained } = planned
  const folded = createHash('sha256').update(snapshotRead).digest('hex')
  const head = [
    batchStatement(
      db
        .insertInto('collab_documents')
        .values({ name: ref.name, org_id: ref.orgId, kind: ref.kind, snapshot: EMPTY_SNAPSHOT })
        .onConflict((oc) => oc.column('name').doNothing())
        .compile(),
    ),
    // Serialises compactions of one document across instances, and checks nothing came between.
    batchStatement(
      sql`SELECT encode(sha256(snapshot), 'hex') AS folded
            FROM collab_documents WHERE name = ${ref.name} FOR UPDATE`.compile(db),
      { column: 'folded', equals: folded },
    ),
    batchStatement(
      db
        .updateTable('collab_documents')
        .set({ snapshot: planned.snapshot, updated_at: sql<Date>`now()` })
        .where('name', '=', ref.name)
        .compile(),
    ),
    ...(contained.length > 0
      ? [batchStatement(db.deleteFrom('collab_updates').where('id', 'in', contained).compile())]
      : []),
  ]
  await pause?.('fold')
  // A kill here lands where one inside the transaction would: nothing of it is committed.
  await pause?.('compaction')
  try {
    await runBatch(db, [...head, ...planned.writes])
    return true
  } catch {
    // BatchConflict: another compaction came between (the transaction folds again under the
    // lock). Anything else, such as a row the database refused: the transaction writes row by
    // row and parks what it cannot.
    return false
  }
}
