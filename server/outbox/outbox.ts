import { sql } from 'kysely'
import type { DB } from '../db/connect.ts'

/**
 * The indexer's side of the outbox. A claim is a short statement (`FOR UPDATE SKIP LOCKED`, so
 * several indexers take disjoint rows) that leases rows to one worker; the work happens outside
 * any transaction; completion is recorded only by the worker holding the lease. A worker that
 * dies after claiming loses nothing: its lease expires and another worker claims the rows again.
 */
export interface OutboxRow {
  id: string
  orgId: string | null
  topic: string
  entityId: string
  payload: unknown
  attempts: number
}

export async function claim(
  db: DB,
  opts: { worker: string; topics: readonly string[]; limit: number; leaseMs: number },
): Promise<OutboxRow[]> {
  if (opts.topics.length === 0) return []
  const rows = await sql<{
    id: string
    org_id: string | null
    topic: string
    entity_id: string
    payload: unknown
    attempts: number
  }>`
    UPDATE outbox SET claimed_at = now(), claimed_by = ${opts.worker}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE processed_at IS NULL AND parked_at IS NULL
        AND topic IN (${sql.join(opts.topics)})
        AND (available_at IS NULL OR available_at <= now())
        AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ${opts.leaseMs / 1000}))
      ORDER BY id
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, org_id, topic, entity_id, payload, attempts`.execute(db)
  return rows.rows
    .map((r) => ({
      id: String(r.id),
      orgId: r.org_id,
      topic: r.topic,
      entityId: r.entity_id,
      payload: r.payload,
      attempts: Number(r.attempts),
    }))
    .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))
}

export async function complete(db: DB, worker: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('outbox')
    .set({ processed_at: sql`now()`, last_error: null })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', worker)
    .execute()
}

/**
 * Gives claimed rows back untouched (a stopping worker's rows it has not begun): claimable at once
 * by any worker, and the claim does not count as an attempt.
 */
export async function release(db: DB, worker: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('outbox')
    .set({ claimed_at: null, claimed_by: null, attempts: sql`greatest(attempts - 1, 0)` })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', worker)
    .where('processed_at', 'is', null)
    .execute()
}

/** Retry later with exponential backoff, or park the row with its error after `maxAttempts`. */
export async function fail(
  db: DB,
  worker: string,
  row: OutboxRow,
  error: string,
  opts: { maxAttempts: number; backoffMs: number },
): Promise<'retry' | 'parked'> {
  const parked = row.attempts >= opts.maxAttempts
  const delay = Math.min(opts.backoffMs * 2 ** (row.attempts - 1), 5 * 60_000)
  await db
    .updateTable('outbox')
    .set({
      claimed_at: null,
      claimed_by: null,
      last_error: error.slice(0, 2000),
      available_at: sql`now() + make_interval(secs => ${delay / 1000})`,
      parked_at: parked ? sql`now()` : null,
    })
    .where('id', '=', row.id)
    .where('claimed_by', '=', worker)
    .execute()
  return parked ? 'parked' : 'retry'
}

export interface IndexerLag {
  /** Rows waiting (or being worked on), parked ones excluded. */
  pending: number
  /** Age of the oldest waiting row, 0 when none. */
  oldestMs: number
  /** Rows given up on after their last attempt; see `last_error`. */
  parked: number
}

export async function lagOf(db: DB, topics: readonly string[]): Promise<IndexerLag> {
  const row = await sql<{
    pending: string | number
    parked: string | number
    oldest_ms: string | number | null
  }>`
    SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,
           count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
           extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)) * 1000 AS oldest_ms
    FROM outbox WHERE processed_at IS NULL AND topic IN (${sql.join(topics)})`.execute(db)
  const r = row.rows[0]
  return {
    pending: Number(r?.pending ?? 0),
    parked: Number(r?.parked ?? 0),
    oldestMs: Math.max(0, Math.round(Number(r?.oldest_ms ?? 0))),
  }
}
