import { Worker } from 'node:worker_threads'
import { CompiledQuery } from 'kysely'
import type { DocRef } from '../../schema/docs/names.ts'
import type { DB } from '../db/connect.ts'
import type { PlannedCompaction } from './compactBatch.ts'
import type { LogRow } from './fold.ts'
import type { FromFoldThread, ToFoldThread } from './foldProtocol.ts'

/**
 * A thread's fold and projection planning in a worker thread (issue 21 item 3). On the event loop
 * they were the longest blocks left under a busy channel: decoding the live state (90–115 ms with a
 * few thousand live messages), encoding the snapshot (30–70 ms), and the projection reading every
 * live message and decoding every folded log row, while health checks, acknowledgements and every
 * other tenant's requests waited. The thread gets the stored snapshot and the log rows, asks for
 * what the live copy holds beyond them (an encode of the live copy against their state vector:
 * its delete set and the few updates not yet logged, not the whole copy), and answers with the
 * new snapshot, the contained rows and the planned writes; its reads come back here (this thread
 * owns the database connection). Sending the batch, the pause
 * points and every fallback stay with the caller (documents.ts), so the guarantees are unchanged.
 *
 * One thread per process, started at the first compaction; it holds the process open only while a
 * job is outstanding. If it fails, the job's promise rejects and the caller folds on this thread.
 * On unless KOTIPIHA_FOLD_WORKER=0. Quiet `bench:busy` runs (50 writers, load 2–3.6 from the
 * bench itself), health p99 under load off / on: PGlite 179, 281, 208, 125 / 180, 122, 74, 187 ms
 * (off missed the 250 ms target once in four, on never), Postgres 219, 109 / 117, 77 ms. The
 * gain is modest and noisy, but it is the difference between meeting the target and not.
 */
interface Pending {
  db: DB
  liveSince: (stateVector: Uint8Array) => Uint8Array
  resolve: (planned: PlannedCompaction) => void
  reject: (error: Error) => void
}

let worker: Worker | undefined
const pending = new Map<number, Pending>()
let nextJob = 1
let completed = 0
let ready = false
const readyWaiters: Array<() => void> = []

export const foldThreadEnabled = (): boolean => process.env.KOTIPIHA_FOLD_WORKER !== '0'

/**
 * Whether the fold thread has loaded its modules; starts it when it is not running. Until then
 * compaction folds on the main thread: a freshly started app (after a crash, say) must not wait
 * seconds for the thread to load before its first compaction and archive round.
 */
export function foldThreadReady(): boolean {
  started()
  return ready
}

/** Resolves once the fold thread is ready (starting it). */
export function foldThreadStarted(): Promise<void> {
  if (foldThreadReady()) return Promise.resolve()
  return new Promise((resolve) => readyWaiters.push(resolve))
}

/** How many compactions this process has folded and planned in the fold thread. */
export const foldThreadJobs = (): number => completed

function started(): Worker {
  if (worker) return worker
  const w = new Worker(new URL('./foldWorker.ts', import.meta.url))
  w.unref()
  w.on('message', (msg: FromFoldThread) => {
    if (msg.type === 'ready') {
      ready = true
      for (const resolve of readyWaiters.splice(0)) resolve()
      return
    }
    const job = pending.get(msg.job)
    if (!job) return
    if (msg.type === 'read') {
      serveRead(w, job.db, msg.rid, msg.sql, msg.parameters)
      return
    }
    if (msg.type === 'live') {
      let update: Uint8Array
      try {
        update = job.liveSince(msg.stateVector)
      } catch (error) {
        // The job ends here (the caller folds on this thread); the fold thread's answer is ignored.
        pending.delete(msg.job)
        if (pending.size === 0) w.unref()
        job.reject(error as Error)
        update = new Uint8Array([0, 0])
      }
      w.postMessage({ type: 'live', job: msg.job, update } satisfies ToFoldThread)
      return
    }
    pending.delete(msg.job)
    if (pending.size === 0) w.unref()
    if (msg.ok) {
      completed++
      job.resolve(msg.planned)
    } else job.reject(new Error(`fold thread: ${msg.error}`))
  })
  const fail = (error: Error) => {
    if (worker === w) {
      worker = undefined
      ready = false
    }
    for (const job of pending.values()) job.reject(error)
    pending.clear()
  }
  w.on('error', fail)
  w.on('exit', (code) => fail(new Error(`the fold thread exited (${code})`)))
  worker = w
  return w
}

function serveRead(w: Worker, db: DB, rid: number, sql: string, parameters: unknown[]): void {
  db.withoutPlugins()
    .executeQuery(CompiledQuery.raw(sql, parameters))
    .then(
      ({ rows }) => w.postMessage({ type: 'read', rid, ok: true, rows } satisfies ToFoldThread),
      (error: unknown) =>
        w.postMessage({ type: 'read', rid, ok: false, error: String(error) } satisfies ToFoldThread),
    )
}

/** Folds and plans a thread's compaction in the fold thread. */
export function planInFoldThread(
  db: DB,
  ref: DocRef,
  snapshotRead: Uint8Array,
  rows: readonly LogRow[],
  /** The live copy's update beyond a state vector (its delete set and what the log lacks). */
  liveSince: (stateVector: Uint8Array) => Uint8Array,
  incremental: boolean,
): Promise<PlannedCompaction> {
  const w = started()
  const id = nextJob++
  return new Promise<PlannedCompaction>((resolve, reject) => {
    pending.set(id, { db, liveSince, resolve, reject })
    if (pending.size === 1) w.ref()
    // Copies of the rows' bytes: a driver's buffer may be a view of a larger one, all of which
    // would be cloned.
    const job: ToFoldThread = {
      type: 'job',
      id,
      ref,
      snapshotRead,
      rows: rows.map((r) => ({ ...r, update: new Uint8Array(r.update) })),
      incremental,
    }
    w.postMessage(job)
  })
}
