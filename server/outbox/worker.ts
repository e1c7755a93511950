import { randomUUID } from 'node:crypto'
import type { DB } from '../db/connect.ts'
import type { Logger } from '../log.ts'
import { type Loop, startLoop } from './loop.ts'
import { claim, complete, fail, type OutboxRow } from './outbox.ts'

/**
 * A consumer that handles outbox rows one at a time: claim a batch under a lease, handle each,
 * mark it done, or fail it (retried with backoff, parked after `maxAttempts`). The indexer
 * claims the same way but applies its batch to the engine in one call (indexer/indexer.ts).
 */
export interface OutboxWorker {
  readonly worker: string
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export function startOutboxWorker(opts: {
  db: DB
  log: Logger
  /** Names the worker (`<name>-xxxxxxxx` in `outbox.claimed_by`) and its log events. */
  name: string
  topics: readonly string[]
  handle: (row: OutboxRow) => Promise<void>
  pollMs: number
  limit?: number
  leaseMs?: number
  maxAttempts?: number
  backoffMs?: number
}): OutboxWorker {
  const { db, log } = opts
  const worker = `${opts.name}-${randomUUID().slice(0, 8)}`
  async function runOnce(): Promise<number> {
    const rows = await claim(db, {
      worker,
      topics: opts.topics,
      limit: opts.limit ?? 20,
      leaseMs: opts.leaseMs ?? 60_000,
    })
    for (const row of rows) {
      try {
        await opts.handle(row)
        await complete(db, worker, [row.id])
      } catch (error) {
        log.warn(`${opts.name}.row_failed`, { row: row.id, topic: row.topic, error: String(error) })
        await fail(db, worker, row, String(error), {
          maxAttempts: opts.maxAttempts ?? 8,
          backoffMs: opts.backoffMs ?? 1000,
        })
      }
    }
    return rows.length
  }
  const loop: Loop = startLoop({ name: opts.name, log, run: runOnce, idleMs: opts.pollMs })
  return { worker, runOnce, stop: () => loop.stop() }
}
