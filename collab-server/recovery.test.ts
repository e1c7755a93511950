import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'
import type { Connected } from '../server/db/connect.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import { channelFixture, connectTestDb, ENGINES, openClient, startCollab, tokenFor } from './test/harness.ts'

/**
 * A thread whose stored state is over the size cap is not a dead end (issue 21, item 4). Kills
 * that kept the debounced compaction and archive from finishing left a document of ~24k messages
 * 250 bytes under the cap: the guard's counter started at the stored bytes, only an accepted
 * change could trigger the compaction that shrinks it, so every post was refused for good. Now a
 * load that finds a long log tail or a thread over its archive threshold compacts and archives
 * before the document takes writes, and the cap is on the live document.
 *
 * The stored state is written straight into the store (snapshot + log tail), as the kills left
 * it, with the caps lowered so it is built in seconds.
 */
const CAP = 256 * 1024
const LONG = 'x'.repeat(3900)

describe.each(ENGINES)('recovery of a thread stored over the cap on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDb(engine)
  })
  afterAll(() => connected.close())

  it.each([
    ['in the log tail', 0, 80],
    ['in the snapshot', 75, 5],
  ])(
    'acknowledges a new message within 5 s after a restart (state %s)',
    async (_where, inSnapshot, inLog) => {
      const db = connected.db
      const channel = await channelFixture(db)
      const alice = await channel.member('resident')
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < inSnapshot + inLog; i++)
        postMessage(doc, { authorId: alice.id, text: `${i} ${LONG}` })
      const stored = updates.reduce((sum, u) => sum + u.byteLength, 0)
      expect(stored).toBeGreaterThan(CAP)
      if (inSnapshot > 0) {
        await db
          .insertInto('collab_documents')
          .values({
            name: channel.name,
            org_id: channel.org.id,
            kind: 'thread',
            snapshot: Y.mergeUpdates(updates.slice(0, inSnapshot)),
          })
          .execute()
      }
      await db
        .insertInto('collab_updates')
        .values(
          updates.slice(inSnapshot).map((update) => ({ doc_name: channel.name, update, user_id: alice.id })),
        )
        .execute()

      const server = await startCollab(db, { maxDocumentBytes: CAP, archive: { keep: 20, at: 40 } })
      try {
        const client = openClient(server.url, channel.name, { token: await tokenFor(db, alice.token) })
        try {
          const started = performance.now()
          await vi.waitFor(() => expect(client.provider.synced).toBe(true), { timeout: loadScaled(5_000) })
          const fresh = postMessage(client.doc, { authorId: alice.id, text: 'Toimiiko taas?' })
          await vi.waitFor(() => expect(client.provider.unsyncedChanges).toBe(0), {
            timeout: loadScaled(5_000),
          })
          const took = performance.now() - started
          expect(client.events.closes.filter((r) => r !== '')).toEqual([])
          expect(took, `load ${loadNow()}`).toBeLessThan(loadScaled(5_000))
          expect(readMessages(client.doc).at(-1)?.id).toBe(fresh.id)
          // The archive did it: the live document holds the newest, the rest are archived rows.
          expect(messagesOf(client.doc).length).toBeLessThanOrEqual(41)
          const archived = await db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('thread_id', '=', channel.threadId)
            .where('archived_at', 'is not', null)
            .executeTakeFirstOrThrow()
          expect(Number(archived.n)).toBe(inSnapshot + inLog - 20)
          console.info(
            `[recovery/${engine}] ${stored} stored bytes; new message acknowledged in ${Math.round(took)} ms`,
          )
        } finally {
          client.destroy()
        }
      } finally {
        await server.close()
      }
    },
  )
})
