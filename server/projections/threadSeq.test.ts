import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { createOrg } from '../test/factories.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { numberInDocumentOrder } from './threadSeq.ts'

/** Counts the statements sent through a Kysely instance (real ones, to the real database). */
function statementCounter() {
  const counter = { count: 0, plugin: undefined as unknown as KyselyPlugin }
  counter.plugin = {
    transformQuery: (args) => {
      counter.count++
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return counter
}

/**
 * Renumbering a thread's live part in document order (issue 21). In a busy channel concurrent
 * posts land before numbered ones and move most of the live part; one UPDATE per row held
 * PGlite's one connection for up to 700 ms per compaction, while every other query waited.
 */
describe.each(ENGINES)('numberInDocumentOrder on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('renumbers 300 moved rows in a bounded number of statements, archived rows keep theirs', async () => {
    const db = connected.db
    const org = await createOrg(db)
    const thread = await db
      .insertInto('threads')
      .values({ org_id: org.id, title: 'busy' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const ids = Array.from({ length: 310 }, () => crypto.randomUUID())
    // 10 archived (seq 1..10), 300 live (seq 11..310) in posting order.
    await db
      .insertInto('messages')
      .values(
        ids.map((id, i) => ({
          org_id: org.id,
          thread_id: thread.id,
          id,
          seq: i + 1,
          author_id: null,
          text: `m${i}`,
          created_at: new Date(),
          archived_at: i < 10 ? new Date() : null,
        })),
      )
      .execute()
    const rows = await db
      .selectFrom('messages')
      .select(['id', 'seq', 'archived_at'])
      .where('thread_id', '=', thread.id)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    // A late message lands first in the document: every live row moves up by one.
    const late = crypto.randomUUID()
    const live = [late, ...ids.slice(10)].map((id) => ({ id, row: byId.get(id) }))

    const counter = statementCounter()
    const seqs = await db
      .withPlugin(counter.plugin)
      .transaction()
      .execute((trx) => numberInDocumentOrder(trx, thread.id, live))

    expect(seqs.get(late)).toBe(11)
    expect(seqs.get(ids[10]!)).toBe(12)
    expect(seqs.get(ids[309]!)).toBe(311)
    const after = await db
      .selectFrom('messages')
      .select(['id', 'seq'])
      .where('thread_id', '=', thread.id)
      .orderBy('seq')
      .execute()
    expect(after.map((r) => r.id)).toEqual(ids)
    expect(after.map((r) => r.seq)).toEqual([...range(1, 10), ...range(12, 311)])
    // The archive's top, then the moved rows in one statement (not 300).
    expect(counter.count).toBeLessThanOrEqual(3)
  })
})

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
