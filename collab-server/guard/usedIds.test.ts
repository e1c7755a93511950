import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { messagesOf, postMessage } from '../../schema/docs/thread.ts'
import type { Connected } from '../../server/db/connect.ts'
import { ENGINES } from '../../server/test/engines.ts'
import { createOrg } from '../../server/test/factories.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { createUsedIds, recordInserted } from './usedIds.ts'

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

/**
 * The observer's ids come from the structs a transaction created, not from `event.changes` (which
 * Yjs computes by walking the whole array, tombstones included: O(thread) per post). Checked
 * against `event.changes.added` on the transactions a busy thread sees: posts from several
 * replicas merged into one update, late posts landing between numbered ones, posts deleted in the
 * same transaction, an archive round.
 */
describe('ids a transaction inserted', () => {
  const idsOf = (items: Iterable<Y.Item>) =>
    [...items].flatMap((item) => item.content.getContent().map((m) => (m as Y.Map<unknown>).get('id')))

  it('are what event.changes.added holds, without computing event.changes', () => {
    const server = new Y.Doc()
    const messages = messagesOf(server)
    const seen: Array<{ ours: unknown[]; yjs: unknown[] }> = []
    messages.observe((event) => {
      const ours = new Set<unknown>()
      // Yjs caches `changes` once computed: ours runs first, and must not read it.
      const changes = Object.getOwnPropertyDescriptor(Y.YEvent.prototype, 'changes')!
      Object.defineProperty(event, 'changes', {
        configurable: true,
        get: () => {
          throw new Error('event.changes computed')
        },
      })
      recordInserted(event, ours)
      Object.defineProperty(event, 'changes', { configurable: true, get: () => changes.get!.call(event) })
      seen.push({ ours: [...ours].sort(), yjs: idsOf(event.changes.added).sort() })
    })
    const replicas = Array.from({ length: 4 }, () => new Y.Doc())
    const sync = (from: Y.Doc, to: Y.Doc) =>
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    // Rounds: every replica posts offline, then all their updates reach the server merged.
    for (let round = 0; round < 6; round++) {
      const updates: Uint8Array[] = []
      for (const [i, r] of replicas.entries()) {
        const before = Y.encodeStateVector(r)
        for (let k = 0; k <= (round + i) % 3; k++)
          postMessage(r, { authorId: `u${i}`, text: `r${round} ${i}.${k}` })
        if ((round + i) % 4 === 0) r.getArray('messages').delete(r.getArray('messages').length - 1, 1)
        updates.push(Y.encodeStateAsUpdate(r, before))
      }
      Y.applyUpdate(server, Y.mergeUpdates(updates))
      for (const r of replicas) sync(server, r)
    }
    // An archive round: the oldest leave the document (a deletion only).
    messages.delete(0, 10)
    // A post and its removal in one transaction.
    server.transact(() => {
      postMessage(server, { authorId: 's', text: 'gone' })
      messages.delete(messages.length - 1, 1)
      postMessage(server, { authorId: 's', text: 'kept' })
    })
    expect(seen.length).toBe(8)
    for (const s of seen) expect(s.ours).toEqual(s.yjs)
    expect(seen.reduce((n, s) => n + s.ours.length, 0)).toBeGreaterThan(20)
  })
})
