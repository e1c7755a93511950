import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { forget, record, type Window, waitOf, weightedWait } from './slidingWindow.ts'

/**
 * The shapes of the one limiter that count only some outcomes (the login throttle) and weighted
 * rows (mass communications). `take` is covered by the upload and import limits' tests.
 */
describe.each(ENGINES)('the sliding-window limiter on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())
  const window = (max: number): Window => ({
    table: 'login_failures',
    column: 'key',
    lock: 'test',
    max,
    windowMs: 15 * 60_000,
  })

  it('waits once a key has max events in the window, until the max-th newest leaves; forget lifts it', async () => {
    const db = connected.db
    const key = `test:${crypto.randomUUID()}`
    const other = `test:${crypto.randomUUID()}`
    await record(db, window(3), [key, other])
    await record(db, window(3), [key])
    expect(await waitOf(db, window(3), key)).toBeNull()
    // The oldest event is 10 minutes old: when it leaves, in 5 minutes, the key has 2 of 3 again.
    await db
      .updateTable('login_failures')
      .set({ at: sql<Date>`now() - interval '10 minutes'` })
      .where('key', '=', key)
      .execute()
    await record(db, window(3), [key])
    const wait = await waitOf(db, window(3), key)
    expect(wait).toBeGreaterThanOrEqual(299)
    expect(wait).toBeLessThanOrEqual(301)
    expect(await waitOf(db, window(4), key)).toBeNull()
    expect(await waitOf(db, window(1), other)).toBeGreaterThan(890)
    await forget(db, window(3), key)
    expect(await waitOf(db, window(3), key)).toBeNull()
    expect(await waitOf(db, window(1), other)).not.toBeNull()
  })

  it('drops the rows that have left the window whenever it records', async () => {
    const db = connected.db
    const stale = `test:${crypto.randomUUID()}`
    await db
      .insertInto('login_failures')
      .values({ key: stale, at: sql<Date>`now() - interval '16 minutes'` })
      .execute()
    await record(db, window(3), [`test:${crypto.randomUUID()}`])
    expect(await db.selectFrom('login_failures').select('id').where('key', '=', stale).execute()).toEqual([])
  })

  it('weighs events: waits until enough of the oldest weight has left, never for more than max', async () => {
    // Five of five used in the last hour (2 fifty minutes ago, 3 thirty minutes ago); 10 two hours ago.
    const events = () => sql`
      SELECT * FROM (VALUES (now() - interval '50 minutes', 2), (now() - interval '30 minutes', 3),
        (now() - interval '2 hours', 10)) AS v (at, weight)`
    const w = { lock: 'test', max: 5, windowMs: 3_600_000, events }
    const ask = (weight: number) =>
      connected.db.transaction().execute((trx) => weightedWait(trx, w, crypto.randomUUID(), weight))
    expect(await ask(0)).toEqual({ used: 5, wait: null })
    // One more fits when the 2 leave (in 10 minutes); three more only when the 3 leave too (30).
    const waits = [await ask(1), await ask(3)]
    expect(waits.map((r) => r.used)).toEqual([5, 5])
    expect(waits.map((r) => Math.round((r.wait ?? 0) / 10) * 10)).toEqual([600, 1800])
    // Six never fits: the whole window.
    expect(await ask(6)).toEqual({ used: 5, wait: 3600 })
  })
})
