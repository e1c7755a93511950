import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../../server/db/connect.ts'
import { ENGINES } from '../../server/test/engines.ts'
import { createOrg } from '../../server/test/factories.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { createUsedIds } from './usedIds.ts'

/**
 * The guard's "is this new message id taken" lookups, grouped (issue 21): 50 writers posting at
 * once ask one query per batch, not one each, and each gets the answer its own query would give.
 */
describe.each(ENGINES)('used message ids on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('answers 50 concurrent questions over two threads correctly with a few queries', async () => {
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
    const stored = [crypto.randomUUID(), crypto.randomUUID()]
    await db
      .insertInto('messages')
      .values(
        stored.map((id, i) => ({
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
    const questions = Array.from({ length: 50 }, (_, i) => {
      // Every fifth asks about a stored id: in its own thread (used), or in the other (free).
      const ids = [crypto.randomUUID(), ...(i % 5 === 0 ? [stored[i % 2]!] : [])]
      const thread = i % 10 === 5 ? two : one
      return { thread, ids, expected: i % 5 === 0 && thread === one }
    })
    const answers = await Promise.all(questions.map((q) => used.anyUsed(q.thread, q.ids)))
    expect(answers).toEqual(questions.map((q) => q.expected))
    expect(answers.filter(Boolean)).toHaveLength(5)
    // The first question alone, the other 49 in one batch (one query per thread).
    expect(queries).toBeLessThanOrEqual(3)
    // Asked after the batch: answered again, from the database as it is now.
    expect(await used.anyUsed(two, [stored[0]!])).toBe(false)
    expect(await used.anyUsed(one, [stored[1]!])).toBe(true)
  })
})
