import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { postMessage, readMessages } from '../../schema/docs/thread.ts'
import type { Connected } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { loggedThread } from '../test/loggedThread.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { statementLog } from '../test/statementLog.ts'
import { compactDocument, loadDocumentState } from './documents.ts'

/**
 * Compaction on PGlite's one connection (issue 21): every other query waits while its transaction
 * is open, so the log is read and folded before the transaction, which then only checks that the
 * stored snapshot is still the one folded. When another compaction came between, it folds again
 * under the lock and nothing is lost.
 */
describe.each(ENGINES)('compaction on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  const thread = () => loggedThread(connected.db)

  it('reads and folds the log before its transaction', async () => {
    const t = await thread()
    const a = t.replica()
    postMessage(a.doc, { authorId: t.user.id, text: 'first' })
    await a.settled()
    await compactDocument(connected.db, t.ref, a.doc)
    postMessage(a.doc, { authorId: t.user.id, text: 'second' })
    await a.settled()

    const { log, plugin } = statementLog()
    const result = await compactDocument(connected.db.withPlugin(plugin), t.ref, a.doc)
    expect(result.droppedUpdates).toBe(1)
    // The transaction opens with the insert of the document row; the log is read before it.
    const opened = log.indexOf('insert collab_documents')
    expect(log.indexOf('select collab_updates')).toBeGreaterThanOrEqual(0)
    expect(log.indexOf('select collab_updates')).toBeLessThan(opened)
    expect(log.slice(opened)).not.toContain('select collab_updates')
  })

  // Incremental: a thread's compaction as one batch (compactBatch.ts), whose check of the
  // snapshot fails, rolls it back and falls back to the transaction.
  it.each([false, true])(
    'folds again under the lock when another compaction came between, and loses nothing (incremental %s)',
    async (incremental) => {
      const t = await thread()
      const a = t.replica()
      const b = t.replica()
      postMessage(a.doc, { authorId: t.user.id, text: 'from a' })
      await compactDocument(connected.db, t.ref, a.doc)
      Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
      await b.settled()
      // Each instance takes a message the other has not seen.
      postMessage(a.doc, { authorId: t.user.id, text: 'only a' })
      postMessage(b.doc, { authorId: t.user.id, text: 'only b' })
      await Promise.all([a.settled(), b.settled()])

      let between = false
      await compactDocument(
        connected.db,
        t.ref,
        a.doc,
        async (point) => {
          if (point !== 'fold' || between) return
          between = true
          await compactDocument(connected.db, t.ref, b.doc)
        },
        incremental,
      )
      expect(between).toBe(true)

      const stored = new Y.Doc()
      Y.applyUpdate(stored, (await loadDocumentState(connected.db, t.ref.name))!)
      expect(
        readMessages(stored)
          .map((m) => m.text)
          .sort(),
      ).toEqual(['from a', 'only a', 'only b'])
      const rows = await connected.db
        .selectFrom('messages')
        .select('text')
        .where('thread_id', '=', t.ref.kind === 'inbox' ? '' : t.ref.id)
        .execute()
      expect(rows.map((r) => r.text).sort()).toEqual(['from a', 'only a', 'only b'])
      // Every log row is in the snapshot now, so none is left.
      const left = await connected.db
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', t.ref.name)
        .execute()
      expect(left).toHaveLength(0)
    },
  )
})
