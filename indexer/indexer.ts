import { randomUUID } from 'node:crypto'
import type { Config } from '../schema/config.ts'
import type { DB } from '../server/db/connect.ts'
import { createLogger, type Logger } from '../server/log.ts'
import { startLoop } from '../server/outbox/loop.ts'
import {
  claim,
  complete,
  fail,
  type IndexerLag,
  lagOf,
  type OutboxRow,
  release,
} from '../server/outbox/outbox.ts'
import { searchAdapterFor } from '../server/search/adapter.ts'
import type { SearchAdapter } from '../server/search/types.ts'
import { type Changes, HANDLERS, TOPICS } from './sources.ts'

export interface IndexerOptions {
  db: DB
  config: Config
  /** Defaults to the configured engine (searchAdapterFor). */
  adapter?: SearchAdapter
  /** Idle wait between polls. */
  pollMs?: number
  batchSize?: number
  /** A claim older than this is considered abandoned (its worker crashed) and claimed again. */
  leaseMs?: number
  maxAttempts?: number
  backoffMs?: number
  /** Name of this worker in `outbox.claimed_by`. */
  worker?: string
  /** Called after each batch with the rows applied by this worker (tests, metrics). */
  onApplied?: (rows: readonly OutboxRow[]) => void
  /** Defaults to the configured level's structured logger (server/log.ts). */
  log?: Logger
}

export interface Indexer {
  readonly worker: string
  /**
   * Stops claiming, finishes the rows of the batch in hand it has begun, gives the others back
   * (claimable at once, no attempt counted), and resolves when the loop has ended.
   */
  stop(): Promise<void>
  lag(): Promise<IndexerLag>
  /** Processes what is claimable now, once, and returns how many rows it applied or failed. */
  runOnce(): Promise<number>
}

/**
 * The outbox consumer. Claims rows, resolves each topic to index changes from the current
 * tables, applies them to the engine, and marks the rows done; failures retry with backoff and
 * are parked with their error after `maxAttempts`.
 */
export async function startIndexer(opts: IndexerOptions): Promise<Indexer> {
  const { db, config } = opts
  const adapter = opts.adapter ?? searchAdapterFor(db, config)
  const worker = opts.worker ?? `indexer-${randomUUID().slice(0, 8)}`
  const pollMs = opts.pollMs ?? 250
  const batchSize = opts.batchSize ?? 100
  const leaseMs = opts.leaseMs ?? 120_000
  const maxAttempts = opts.maxAttempts ?? 8
  const backoffMs = opts.backoffMs ?? 1000
  const log = opts.log ?? createLogger(config.logLevel)
  await adapter.init()

  async function resolve(row: OutboxRow): Promise<Changes> {
    const handler = HANDLERS[row.topic]
    if (!handler) throw new Error(`No handler for topic ${row.topic}`)
    return handler({ db, config }, { orgId: row.orgId, entityId: row.entityId, payload: row.payload })
  }

  async function apply(changes: Changes[]): Promise<void> {
    const upserts = changes.flatMap((c) => c.upsert)
    const deletes = changes.flatMap((c) => c.delete)
    // Deletes first: a later upsert of the same id in this batch wins.
    await adapter.delete(deletes.filter((id) => !upserts.some((u) => u.id === id)))
    await adapter.upsert(upserts)
  }

  // Set by stop(): a batch of a hundred rows can take tens of seconds on a loaded machine
  // (extraction, a cold database), and a stopping process holds its database until it ends; the
  // rows not yet begun go back to the outbox instead (a CI run waited 30 s on one).
  let stopping = false

  async function runOnce(): Promise<number> {
    const rows = await claim(db, { worker, topics: TOPICS, limit: batchSize, leaseMs })
    if (rows.length === 0) return 0
    const done: { row: OutboxRow; changes: Changes }[] = []
    for (const [i, row] of rows.entries()) {
      if (stopping) {
        await release(
          db,
          worker,
          rows.slice(i).map((r) => r.id),
        )
        break
      }
      try {
        done.push({ row, changes: await resolve(row) })
      } catch (err) {
        await failRow(row, err)
      }
    }
    try {
      await apply(done.map((d) => d.changes))
      await complete(
        db,
        worker,
        done.map((d) => d.row.id),
      )
      opts.onApplied?.(done.map((d) => d.row))
    } catch {
      // The batch failed as a whole: apply row by row so one bad row does not hold back the rest.
      const ok: OutboxRow[] = []
      for (const d of done) {
        try {
          await apply([d.changes])
          ok.push(d.row)
        } catch (err) {
          await failRow(d.row, err)
        }
      }
      await complete(
        db,
        worker,
        ok.map((r) => r.id),
      )
      opts.onApplied?.(ok)
    }
    return rows.length
  }

  async function failRow(row: OutboxRow, err: unknown) {
    const message = err instanceof Error ? err.message : String(err)
    const outcome = await fail(db, worker, row, message, { maxAttempts, backoffMs })
    log[outcome === 'parked' ? 'error' : 'warn'](`indexer.row_${outcome}`, {
      worker,
      row: row.id,
      topic: row.topic,
      entity: row.entityId,
      error: message,
    })
  }

  const loop = startLoop({ name: 'indexer.poll', log, run: runOnce, idleMs: pollMs, failLevel: 'error' })

  return {
    worker,
    runOnce,
    lag: () => lagOf(db, TOPICS),
    stop: () => {
      stopping = true
      return loop.stop()
    },
  }
}
