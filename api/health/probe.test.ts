import type { KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import { ENGINES } from '../../server/test/engines.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { createHealthProbe } from './probe.ts'

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
 * `GET /api/health` asks the database at most once a second (issue 21, item 3: the pinger's own
 * queries were the largest holder of PGlite's one connection), and still reports a dead one.
 */
describe.each(ENGINES)('health probe on %s', (engine) => {
  it('answers many checks with one ping a second', async () => {
    const connected = await connectTestDatabase(engine)
    try {
      const counter = statementCounter()
      const probe = createHealthProbe(connected.db.withPlugin(counter.plugin))
      const answers = await Promise.all(Array.from({ length: 50 }, () => probe.check()))
      for (let i = 0; i < 50; i++) answers.push(await probe.check())
      expect(answers.every((a) => a.ok)).toBe(true)
      expect(counter.count).toBe(1)
    } finally {
      await connected.close()
    }
  })

  it('reports a dead database', async () => {
    const connected = await connectTestDatabase(engine)
    const probe = createHealthProbe(connected.db, { everyMs: 50 })
    expect((await probe.check()).ok).toBe(true)
    await connected.close()
    await expect.poll(async () => (await probe.check()).ok, { timeout: 10_000 }).toBe(false)
  })

  it.runIf(engine === 'pglite')(
    'reports a database that does not answer (its one connection held)',
    async () => {
      const connected = await connectTestDatabase(engine)
      try {
        const probe = createHealthProbe(connected.db, { everyMs: 0, staleMs: 300 })
        expect((await probe.check()).ok).toBe(true)
        let release = () => {}
        const held = connected.db.transaction().execute(() => new Promise<void>((r) => (release = r)))
        await new Promise((r) => setTimeout(r, 50))
        void probe.check()
        await expect.poll(async () => (await probe.check()).ok, { timeout: 10_000 }).toBe(false)
        release()
        await held
        await expect.poll(async () => (await probe.check()).ok, { timeout: 10_000 }).toBe(true)
      } finally {
        await connected.close()
      }
    },
  )
})
