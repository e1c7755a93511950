import postgres from 'postgres'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { teardownStep } from './teardown.ts'

const databaseUrl = process.env.DATABASE_URL

describe('a bounded teardown step', () => {
  afterEach(() => vi.restoreAllMocks())

  it('says nothing when the step ends in time', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {})
    await teardownStep('quick close', Promise.resolve(), { seconds: 1 })
    expect(report).not.toHaveBeenCalled()
  })

  it('names a step that does not end, and leaves it behind', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {})
    await teardownStep('stuck close', new Promise<void>(() => {}), { seconds: 0.2 })
    expect(report).toHaveBeenCalledExactlyOnceWith(
      '[test teardown] stuck close did not end in 0.2 s; left behind',
    )
  })

  // The stall seen on CI: a pool's end() waiting on a query that waits on a lock. The report must
  // name that query, its state and what it waits on.
  it.skipIf(!databaseUrl)("lists the database's sessions with the query a stall waits on", async () => {
    const holder = postgres(databaseUrl ?? '', { max: 1, onnotice: () => {} })
    const waiter = postgres(databaseUrl ?? '', {
      max: 1,
      onnotice: () => {},
      connection: { application_name: 'kotipiha' },
    })
    const table = `teardown_probe_${process.pid}_${Date.now()}`
    try {
      await holder`CREATE TABLE ${holder(table)} (id int)`
      const release = holder.begin(async (tx) => {
        await tx`LOCK TABLE ${tx(table)} IN ACCESS EXCLUSIVE MODE`
        await new Promise((resolve) => setTimeout(resolve, 3_000))
      })
      await vi.waitFor(async () => {
        const [lock] =
          await waiter`SELECT count(*)::int AS n FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = ${table}::regclass`
        expect(lock?.n).toBe(1)
      })
      const blocked = waiter`SELECT count(*) FROM ${waiter(table)} /* the stalled query */`.execute()
      const report = vi.spyOn(console, 'error').mockImplementation(() => {})
      await teardownStep('pool end', new Promise<void>(() => {}), { seconds: 0.5, databaseUrl })
      expect(report).toHaveBeenCalledOnce()
      const text = String(report.mock.calls[0]?.[0])
      expect(text).toMatch(
        /^\[test teardown\] pool end did not end in 0\.5 s; left behind\n {2}pg_stat_activity \(\d+ other sessions\):/,
      )
      const line = text.split('\n').find((l) => l.includes('the stalled query'))
      expect(line).toMatch(
        /^ {2}pid \d+ kotipiha active waiting on Lock\/relation for \d+ s: SELECT count\(\*\) FROM "teardown_probe_/,
      )
      await release
      await blocked
    } finally {
      await holder`DROP TABLE IF EXISTS ${holder(table)}`
      await Promise.all([holder.end(), waiter.end()])
    }
  })
})
