import { parentPort } from 'node:worker_threads'
import type { CompiledQuery } from 'kysely'
import * as Y from 'yjs'
import { planCompaction } from './compactBatch.ts'
import type { Folded } from './fold.ts'
import type { FoldJob, FromFoldThread, ToFoldThread } from './foldProtocol.ts'

/**
 * The fold thread (foldThread.ts starts it). For a thread's compaction it builds the union of the
 * stored snapshot, the log rows read and the live copy (whose bytes beyond the stored state it
 * asks the main thread for), encodes the new snapshot and plans the projection's writes, so
 * neither the decode, the encode nor the projection's reading of every message runs on the app's
 * event loop. Its reads go to the main thread, which owns the database connection.
 *
 * A log row is folded (deleted with the snapshot) only when the union contains it, as on the main
 * thread (fold.ts); every row read is in the union unless it waits for an update not yet stored.
 */
const port = parentPort!
const reads = new Map<number, { resolve: (rows: { rows: unknown[] }) => void; reject: (e: Error) => void }>()
const lives = new Map<number, (update: Uint8Array) => void>()
let nextRead = 1

function reader(job: number) {
  return (query: CompiledQuery) =>
    new Promise<{ rows: unknown[] }>((resolve, reject) => {
      const rid = nextRead++
      reads.set(rid, { resolve, reject })
      port.postMessage({
        type: 'read',
        job,
        rid,
        sql: query.sql,
        parameters: [...query.parameters],
      } satisfies FromFoldThread)
    })
}

const liveBeyond = (job: number, stateVector: Uint8Array) =>
  new Promise<Uint8Array>((resolve) => {
    lives.set(job, resolve)
    port.postMessage({ type: 'live', job, stateVector } satisfies FromFoldThread)
  })

async function run(job: FoldJob): Promise<void> {
  const merged = new Y.Doc()
  try {
    merged.transact(() => {
      Y.applyUpdate(merged, job.snapshotRead)
      for (const row of job.rows) Y.applyUpdate(merged, row.update)
    })
    Y.applyUpdate(merged, await liveBeyond(job.id, Y.encodeStateVector(merged)))
    const state = Y.snapshot(merged)
    const f: Folded = {
      snapshotRead: job.snapshotRead,
      merged,
      rows: job.rows,
      folded: job.rows.filter((r) => Y.snapshotContainsUpdate(state, r.update)),
      snapshot: Y.encodeStateAsUpdate(merged),
    }
    const planned = await planCompaction(reader(job.id), [], job.ref, f, job.incremental)
    port.postMessage({ type: 'done', job: job.id, ok: true, planned } satisfies FromFoldThread, [
      planned.snapshot.buffer as ArrayBuffer,
    ])
  } finally {
    merged.destroy()
  }
}

port.on('message', (msg: ToFoldThread) => {
  if (msg.type === 'read') {
    const waiter = reads.get(msg.rid)
    reads.delete(msg.rid)
    if (msg.ok) waiter?.resolve({ rows: msg.rows })
    else waiter?.reject(new Error(msg.error))
    return
  }
  if (msg.type === 'live') {
    lives.get(msg.job)?.(msg.update)
    lives.delete(msg.job)
    return
  }
  run(msg).catch((error: unknown) => {
    port.postMessage({ type: 'done', job: msg.id, ok: false, error: String(error) } satisfies FromFoldThread)
  })
})

// Loaded: until now the main thread folds itself (foldThread.ts).
port.postMessage({ type: 'ready' } satisfies FromFoldThread)
