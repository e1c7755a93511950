import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { postMessage } from '../../schema/docs/thread.ts'
import type { Connected } from '../../server/db/connect.ts'
import { ENGINES } from '../../server/test/engines.ts'
import { createOrg } from '../../server/test/factories.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { createUsedIds } from './usedIds.ts'

/**
 * The guard's "is this new message id taken" answers (issue 21): one query per loaded thread,
 * then memory, and each answer what a query of the rows (or the live document) would give:
 * archived rows, messages in the document, and messages applied later (a relayed update too).
 */
describe.each(ENGINES)('used message ids on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('knows stored, live and later-applied ids of the thread with one query per document', async () => {
    const db = connected.db
    const org = await createOrg(db)
    const threads = await db
      .insertInto('threads')
      .values([
        { org_id: org.id, title: 'one' },
        { org_id: org.id, title: 'two' },
      ])
      .returning('id')
      .execute()
    const [one, two] = threads.map((t) => t.id) as [string, string]
    // Archived: a row, no longer in any document.
    const archived = [crypto.randomUUID(), crypto.randomUUID()]
    await db
      .insertInto('messages')
      .values(
        archived.map((id, i) => ({
          org_id: org.id,
          thread_id: one,
          id,
          seq: i + 1,
          author_id: null,
          text: 'stored',
          created_at: new Date(),
        })),
      )
      .execute()
    let queries = 0
    const plugin: KyselyPlugin = {
      transformQuery: ({ node }) => {
        queries++
        return node
      },
      transformResult: async ({ result }) => result,
    }
    const used = createUsedIds(db.withPlugin(plugin))
    const docOne = new Y.Doc()
    const docTwo = new Y.Doc()
    const live = postMessage(docOne, { authorId: 'a', text: 'live' }).id
    const fresh = () => crypto.randomUUID()

    // 50 writers at once on a cold document: all wait for the one query.
    const questions = Array.from({ length: 50 }, (_, i) => {
      const ids = [fresh(), ...(i % 5 === 0 ? [archived[i % 2]!] : []), ...(i % 7 === 0 ? [live] : [])]
      return { ids, expected: i % 5 === 0 || i % 7 === 0 }
    })
    const answers = await Promise.all(questions.map((q) => used.anyUsed(one, docOne, q.ids)))
    expect(answers).toEqual(questions.map((q) => q.expected))
    expect(queries).toBe(1)

    // Afterwards: synchronous, no query.
    expect(used.anyUsed(one, docOne, [archived[0]!])).toBe(true)
    expect(used.anyUsed(one, docOne, [fresh()])).toBe(false)
    // Another thread's rows are not this thread's.
    expect(await used.anyUsed(two, docTwo, [archived[0]!])).toBe(false)
    expect(queries).toBe(2)

    // A message applied later from another replica (as Redis relays it), then archived out of
    // the document: its id stays used.
    const elsewhere = new Y.Doc()
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(docOne))
    const relayed = postMessage(elsewhere, { authorId: 'b', text: 'from B' }).id
    Y.applyUpdate(docOne, Y.encodeStateAsUpdate(elsewhere))
    expect(used.anyUsed(one, docOne, [relayed])).toBe(true)
    docOne.transact(() => {
      const messages = docOne.getArray('messages')
      messages.delete(0, messages.length)
    })
    expect(used.anyUsed(one, docOne, [relayed])).toBe(true)
    expect(used.anyUsed(one, docOne, [live])).toBe(true)
    expect(queries).toBe(2)
  })
})
