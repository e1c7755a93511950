import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { createUpdateLog, RELEASE_PER_TURN } from './updateLog.ts'

/**
 * The update log's group commit releases its waiting appends a few per event-loop turn (issue 21,
 * item (e)): what each release lets run (apply, acknowledge, broadcast, the connection's next
 * frame through the guard) no longer piles up behind one commit in one microtask drain. And an
 * append still resolves only once its row is committed.
 */
describe.each(ENGINES)('update log on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('releases a commit of 60 writers a few per turn, each after its row is stored', async () => {
    const db = connected.db
    const log = createUpdateLog(db)
    const name = `test/${crypto.randomUUID()}`
    // A turn counter: setImmediate runs once per loop iteration (the check phase).
    let turn = 0
    let ticking = true
    const tick = () => {
      turn++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const resolvedIn: number[] = []
    const storedWhenResolved: number[] = []
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('collab_updates')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('doc_name', '=', name)
            .executeTakeFirstOrThrow()
        ).n,
      )
    // The first append goes out alone; the next 59 wait for it and commit together.
    const appends = Array.from({ length: 60 }, (_, i) =>
      log.append(name, new Uint8Array([i, 0]), null).then(() => {
        resolvedIn.push(turn)
      }),
    )
    await Promise.all(appends)
    ticking = false
    storedWhenResolved.push(await count())
    expect(storedWhenResolved[0]).toBe(60)
    const perTurn = new Map<number, number>()
    for (const t of resolvedIn) perTurn.set(t, (perTurn.get(t) ?? 0) + 1)
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(RELEASE_PER_TURN)
    await log.drain()
  })

  it('resolves an append only after its commit: a failed insert rejects every append of its batch', async () => {
    const log = createUpdateLog(connected.db)
    // doc_name is NOT NULL: the insert fails and nothing may be reported stored.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => log.append(null as unknown as string, new Uint8Array([0, 0]), null)),
    )
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
  })
})
