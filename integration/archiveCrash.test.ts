import { afterAll, expect, it, vi } from 'vitest'
import { type Child, prepareStore, spawnServer } from '../collab-server/test/childServer.ts'
import { ENGINES, openClient } from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import { postMessage, readMessages } from '../schema/docs/thread.ts'
import { connectDatabase } from '../server/db/connect.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import { readProblems, readWholeThread } from './threadReader.ts'

/**
 * A kill in the middle of an archive round (issue 21, item 5). The round takes messages out of
 * the live document and marks their rows archived; a kill between the two once left thousands
 * of acknowledged messages out of the document with unmarked rows. The child server holds at
 * the point between the steps (PAUSE_AT=archive) and is killed there; after a restart every
 * message is read exactly once (live document + archive pages, paged as the thread view does),
 * every message outside the document has its row marked archived, and a new message is
 * acknowledged within 5 s.
 */
const children: Child[] = []
const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const child of children) child.process.kill('SIGKILL')
  await Promise.all(children.map((child) => child.exited))
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

it.concurrent.each(ENGINES)(
  'on %s, a kill inside an archive round leaves every message readable',
  async (engine) => {
    const store = await prepareStore(engine)
    cleanups.push(store.cleanup)
    const archive = { ARCHIVE_KEEP: '5', ARCHIVE_AT: '10' }
    const first = spawnServer({ ...store.env, ...archive, PAUSE_AT: 'archive' })
    children.push(first)
    const writer = openClient(
      await first.start(),
      store.name,
      { cookie: store.alice.token },
      { maxAttempts: 1 },
    )
    const posted: string[] = []
    try {
      await vi.waitFor(() => expect(writer.provider.synced).toBe(true), { timeout: 30_000 })
      for (let i = 0; i < 15; i++)
        posted.push(postMessage(writer.doc, { authorId: store.alice.id, text: `viesti ${i}` }).id)
      await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0), { timeout: 15_000 })
      // The round has taken ten messages out of the document and holds before they are durable.
      expect(await first.paused).toBe('archive')
      first.process.kill('SIGKILL')
      await first.exited
    } finally {
      writer.destroy()
    }

    const second = spawnServer({ ...store.env, ...archive })
    children.push(second)
    const reader = openClient(
      await second.start(),
      store.name,
      { cookie: store.alice.token },
      { maxAttempts: 1 },
    )
    try {
      const opened = performance.now()
      await vi.waitFor(() => expect(reader.provider.synced).toBe(true), { timeout: 30_000 })
      const read = await readWholeThread(
        readMessages(reader.doc).map((m) => m.id),
        (before, limit) => second.archivePage(store.threadId, before, limit),
      )
      expect(readProblems(posted, read)).toEqual({ missing: [], repeated: [] })
      expect(read.ids).toEqual(posted)
      const fresh = postMessage(reader.doc, { authorId: store.alice.id, text: 'vielä yksi' })
      await vi.waitFor(() => expect(reader.provider.unsyncedChanges).toBe(0), {
        timeout: loadScaled(5_000),
      })
      expect(readMessages(reader.doc).at(-1)?.id).toBe(fresh.id)
      expect(performance.now() - opened, `load ${loadNow()}`).toBeLessThan(loadScaled(5_000))
      // The round the kill interrupted runs again; wait until its rows are marked (the archive
      // without `before` lists archived rows only).
      await vi.waitFor(
        async () =>
          expect((await second.archivePage(store.threadId, undefined, 100)).messages.length).toBe(11),
        { timeout: 15_000 },
      )
    } finally {
      reader.destroy()
      second.process.kill('SIGKILL')
      await second.exited
    }

    // The rows: every message out of the live document is marked archived (readers, moderation
    // and search find it there), none in the document is.
    const connected = await connectDatabase(
      engine === 'postgres'
        ? { databaseUrl: process.env.DATABASE_URL }
        : { dataDir: loadConfig({ DATA_DIR: store.env.DATA_DIR }).embeddedDbDir },
    )
    try {
      const rows = await connected.db
        .selectFrom('messages')
        .select(['id', 'archived_at'])
        .where('thread_id', '=', store.threadId)
        .orderBy('seq')
        .execute()
      const archived = rows.filter((r) => r.archived_at !== null).map((r) => r.id)
      // 16 messages, the newest 5 stay live.
      expect(archived).toEqual(posted.slice(0, 11))
    } finally {
      await connected.close()
    }
  },
  120_000,
)
