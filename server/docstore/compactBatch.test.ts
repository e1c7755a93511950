import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editMessage, postMessage, readMessages } from '../../schema/docs/thread.ts'
import type { Connected, DB } from '../db/connect.ts'
import { connectionHolds, resetConnectionHolds } from '../db/holds.ts'
import { ENGINES } from '../test/engines.ts'
import { loggedThread } from '../test/loggedThread.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { statementLog } from '../test/statementLog.ts'
import { compactDocument } from './documents.ts'

/**
 * A thread's compaction as one batch (compactBatch.ts, issue 21 (a)): the projection's reads run
 * and its writes are planned before the transaction, which then goes to the database whole. It
 * must write what the transaction wrote (rows in document order, an edit, history, the notice,
 * the folded log rows gone), and on PGlite's thread hold the connection once, not once per
 * statement with a trip to the main thread between them. One editor: nothing here races.
 */
async function thread(db: DB) {
  const t = await loggedThread(db)
  return { ...t, ...t.replica() }
}

async function busyRound(
  db: DB,
  t: Awaited<ReturnType<typeof thread>>,
  plugin?: KyselyPlugin,
  inFoldThread?: boolean,
) {
  for (let i = 0; i < 40; i++) postMessage(t.doc, { authorId: t.user.id, text: `m${i}` })
  await t.settled()
  await compactDocument(db, t.ref, t.doc)
  for (let i = 0; i < 30; i++) postMessage(t.doc, { authorId: t.user.id, text: `n${i}` })
  editMessage(t.doc, readMessages(t.doc)[3]!.id, 'edited')
  await t.settled()
  const on = plugin ? db.withPlugin(plugin) : db
  const result = await compactDocument(on, t.ref, t.doc, undefined, true, inFoldThread)
  expect(result.droppedUpdates).toBe(31)
}

async function expectProjected(db: DB, t: Awaited<ReturnType<typeof thread>>) {
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'seq', 'text'])
    .where('thread_id', '=', t.threadId)
    .orderBy('seq')
    .execute()
  expect(rows.map((r) => r.id)).toEqual(readMessages(t.doc).map((m) => m.id))
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
  expect(rows[3]!.text).toBe('edited')
  const versions = await db
    .selectFrom('message_versions')
    .select('text')
    .where('thread_id', '=', t.threadId)
    .where('message_id', '=', rows[3]!.id)
    .execute()
  expect(versions.map((v) => v.text).sort()).toEqual(['edited', 'm3'])
  const notices = await db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'notify')
    .where('entity_id', '=', t.threadId)
    .execute()
  expect(notices).toHaveLength(2)
  const left = await db.selectFrom('collab_updates').select('id').where('doc_name', '=', t.ref.name).execute()
  expect(left).toHaveLength(0)
}

describe.each(ENGINES)('thread compaction as one batch on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('plans the projection before its transaction and writes what the transaction wrote', async () => {
    const t = await thread(connected.db)
    const { log, plugin } = statementLog()
    // Planned on this thread, where the plugin sees each statement built (in the fold thread,
    // foldThread.ts, the plan's statements are built by that thread's Kysely).
    await busyRound(connected.db, t, plugin, false)
    // Planned: the messages' rows are built before the transaction's first statement.
    expect(log.indexOf('insert messages')).toBeGreaterThanOrEqual(0)
    expect(log.indexOf('insert messages')).toBeLessThan(log.indexOf('insert collab_documents'))
    await expectProjected(connected.db, t)
  })
})

describe('thread compaction on the PGlite thread', () => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase('pglite', { pgliteWorker: true })
  })
  afterAll(() => connected.close())

  it('holds the connection once for the whole transaction', async () => {
    const t = await thread(connected.db)
    for (let i = 0; i < 40; i++) postMessage(t.doc, { authorId: t.user.id, text: `m${i}` })
    await t.settled()
    await compactDocument(connected.db, t.ref, t.doc)
    resetConnectionHolds()
    for (let i = 0; i < 30; i++) postMessage(t.doc, { authorId: t.user.id, text: `n${i}` })
    editMessage(t.doc, readMessages(t.doc)[3]!.id, 'edited')
    await t.settled()
    await compactDocument(connected.db, t.ref, t.doc, undefined, true)
    const kinds = new Map(connectionHolds().map((k) => [k.kind, k]))
    expect(kinds.get('batch insert collab_documents')).toMatchObject({ count: 1 })
    expect(kinds.has('tx insert collab_documents')).toBe(false)
    await expectProjected(connected.db, t)
  })
})
