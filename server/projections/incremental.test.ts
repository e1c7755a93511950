import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  editMessage,
  type FieldValue,
  MESSAGE_FIELDS,
  messagesOf,
  postMessage,
  readMessages,
} from '../../schema/docs/thread.ts'
import type { Connected } from '../db/connect.ts'
import { compactDocument } from '../docstore/documents.ts'
import { ENGINES } from '../test/engines.ts'
import { loggedThread } from '../test/loggedThread.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'

/** Counts the `messages` rows real statements read back (selects of the table). */
function messageRowsRead() {
  const counter = { rows: 0, plugin: undefined as unknown as KyselyPlugin }
  const selects = new Set<unknown>()
  counter.plugin = {
    transformQuery: ({ node, queryId }) => {
      const from = (node as { from?: { froms: Array<{ table?: { identifier?: { name?: string } } }> } }).from
      if (node.kind === 'SelectQueryNode' && from?.froms[0]?.table?.identifier?.name === 'messages')
        selects.add(queryId)
      return node
    },
    transformResult: async ({ result, queryId }) => {
      if (selects.has(queryId)) counter.rows += result.rows.length
      return result
    },
  }
  return counter
}

/**
 * Live compaction projects only the messages its folded log rows touched (issue 21, item 3): on
 * every compaction of a busy channel, reading every live row held PGlite's one connection for
 * most of its time. Numbers still follow the document's order (item 1), also when a late message
 * lands before numbered ones.
 */
describe.each(ENGINES)('incremental thread projection on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('reads only touched rows, numbers appended and late messages in document order', async () => {
    const db = connected.db
    const { ref, threadId, user, replica } = await loggedThread(db)
    const { doc, settled } = replica()
    const rowsInOrder = async () =>
      db
        .selectFrom('messages')
        .select(['id', 'seq', 'text'])
        .where('thread_id', '=', threadId)
        .orderBy('seq')
        .execute()

    doc.transact(() => {
      for (let i = 0; i < 200; i++) postMessage(doc, { authorId: user.id, text: `m${i}` })
    })
    await settled()
    await compactDocument(db, ref, doc)

    // Two new messages and an edit of an old one.
    const first = readMessages(doc)[5]!
    postMessage(doc, { authorId: user.id, text: 'new 1' })
    postMessage(doc, { authorId: user.id, text: 'new 2' })
    editMessage(doc, first.id, 'edited')
    await settled()
    const counter = messageRowsRead()
    await compactDocument(db.withPlugin(counter.plugin), ref, doc, undefined, true)
    // The three touched rows, the new messages' predecessor and the highest number: not 202.
    expect(counter.rows).toBeLessThanOrEqual(5)
    let rows = await rowsInOrder()
    expect(rows.map((r) => r.id)).toEqual(readMessages(doc).map((m) => m.id))
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
    expect(rows[5]!.text).toBe('edited')

    // A late message Yjs placed before numbered ones: the live part is renumbered.
    const late = new Y.Map<FieldValue>()
    const message = { ...readMessages(doc)[0]!, id: crypto.randomUUID(), text: 'late', createdAt: Date.now() }
    for (const field of MESSAGE_FIELDS) late.set(field, message[field])
    messagesOf(doc).insert(100, [late])
    postMessage(doc, { authorId: user.id, text: 'after' })
    await settled()
    await compactDocument(db, ref, doc, undefined, true)
    rows = await rowsInOrder()
    expect(rows.map((r) => r.id)).toEqual(readMessages(doc).map((m) => m.id))
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
    expect(rows[100]!.text).toBe('late')
  })
})
