import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { editMessage, postMessage, readMessages } from '../../schema/docs/thread.ts'
import type { Connected, DB } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { loggedThread } from '../test/loggedThread.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { compactDocument, loadDocumentState } from './documents.ts'
import { foldThreadJobs, foldThreadStarted } from './foldThread.ts'

/**
 * A busy thread's compaction off the event loop (issue 21 item 3): the fold (decoding the live
 * state, the snapshot's encode) and the projection's reading of every message ran on the app's
 * main thread, its longest blocks under a busy channel. They run in the fold thread now; the
 * result must be what the main thread wrote: every message's row in document order, an edit and
 * its history, the log folded, the stored state equal to the live one.
 */
// The fold thread is off by default (foldThread.ts says why); this file tests it switched on, and
// switches it back off after: a worker runs several files (vitest.config.ts, `isolate: false`).
vi.stubEnv('KOTIPIHA_FOLD_WORKER', '1')
afterAll(() => {
  vi.unstubAllEnvs()
})

const LARGE = 3_000
const PER_UPDATE = 100

/** A logged thread (server/test/loggedThread.ts) with a way to post many messages in batches. */
async function thread(db: DB) {
  const { ref, threadId, user, replica } = await loggedThread(db)
  const { doc, settled } = replica()
  const post = (count: number, prefix: string) => {
    for (let i = 0; i < count; i += PER_UPDATE)
      doc.transact(() => {
        for (let k = i; k < Math.min(count, i + PER_UPDATE); k++)
          postMessage(doc, { authorId: user.id, text: `${prefix}${k} ${'x'.repeat(60)}` })
      })
  }
  return { ref, threadId, doc, post, settled }
}

/** Runs `work` and reports the app's longest event-loop block meanwhile (ms, 10 ms resolution). */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ value: T; maxMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  try {
    return { value: await work(), maxMs: loop.max / 1e6 }
  } finally {
    loop.disable()
  }
}

describe.each(ENGINES)('a large thread compacted in the fold thread on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('folds and plans off the main thread and writes what the main thread wrote', async () => {
    const db = connected.db
    const t = await thread(db)
    t.post(LARGE, 'm')
    await t.settled()
    // A fresh process folds on the main thread until the fold thread has loaded.
    await foldThreadStarted()
    const jobs = foldThreadJobs()
    const whole = await longestBlock(() => compactDocument(db, t.ref, t.doc))
    expect(whole.value.droppedUpdates).toBe(LARGE / PER_UPDATE)
    t.post(300, 'n')
    editMessage(t.doc, readMessages(t.doc)[5]!.id, 'edited')
    await t.settled()
    const incremental = await longestBlock(() => compactDocument(db, t.ref, t.doc, undefined, true))
    expect(incremental.value.droppedUpdates).toBe(300 / PER_UPDATE + 1)
    // The figures for the record (timing on a shared machine is no assertion).
    console.log(
      `${engine}: ${LARGE} messages, longest event-loop block: whole ${whole.maxMs.toFixed(0)} ms, incremental ${incremental.maxMs.toFixed(0)} ms`,
    )
    // Both compactions were folded and planned by the fold thread.
    expect(foldThreadJobs() - jobs).toBe(2)

    const rows = await db
      .selectFrom('messages')
      .select(['id', 'seq', 'text'])
      .where('thread_id', '=', t.threadId)
      .orderBy('seq')
      .execute()
    const live = readMessages(t.doc)
    expect(rows.map((r) => r.id)).toEqual(live.map((m) => m.id))
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
    expect(rows[5]!.text).toBe('edited')
    const versions = await db
      .selectFrom('message_versions')
      .select('text')
      .where('thread_id', '=', t.threadId)
      .where('message_id', '=', rows[5]!.id)
      .execute()
    expect(versions).toHaveLength(2)
    const left = await db
      .selectFrom('collab_updates')
      .select('id')
      .where('doc_name', '=', t.ref.name)
      .execute()
    expect(left).toHaveLength(0)
    const stored = new Y.Doc()
    Y.applyUpdate(stored, (await loadDocumentState(db, t.ref.name))!)
    expect(readMessages(stored)).toEqual(live)
  }, 120_000)
})
