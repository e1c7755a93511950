import { sql } from 'kysely'
import type { Channel } from '../../schema/communications/api.ts'
import type { DB } from '../db/connect.ts'

/**
 * The delivery rows' queue: one row per recipient and channel (0029). A claim is one short
 * statement that leases due rows to a worker (`FOR UPDATE SKIP LOCKED`, so workers take disjoint
 * rows); the work happens outside it; only the lease holder may complete or fail a row. A worker
 * that dies after claiming loses nothing: the lease expires and another worker claims the row
 * again (see `markSent` for why that never delivers twice where the channel is our database).
 */
export interface ClaimedDelivery {
  id: string
  orgId: string
  communicationId: string
  userId: string
  channel: Channel
  address: string
  language: string
  attempts: number
}

export const LEASE_MS = 60_000
export const MAX_ATTEMPTS = 6

export async function claimDeliveries(
  db: DB,
  opts: { worker: string; channel: Channel; limit: number; leaseMs?: number; communicationId?: string },
): Promise<ClaimedDelivery[]> {
  const lease = (opts.leaseMs ?? LEASE_MS) / 1000
  const only = opts.communicationId ? sql`AND communication_id = ${opts.communicationId}` : sql``
  const rows = await sql<{
    id: string | number
    org_id: string
    communication_id: string
    user_id: string
    channel: Channel
    address: string
    language: string
    attempts: number
  }>`
    UPDATE communication_deliveries
    SET claimed_at = now(), claimed_by = ${opts.worker}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM communication_deliveries
      WHERE status = 'queued' AND channel = ${opts.channel} AND available_at <= now()
        AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ${lease}))
        ${only}
      ORDER BY channel, available_at, id
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, org_id, communication_id, user_id, channel, address, language, attempts`.execute(db)
  return rows.rows
    .map((r) => ({
      id: String(r.id),
      orgId: r.org_id,
      communicationId: r.communication_id,
      userId: r.user_id,
      channel: r.channel,
      address: r.address,
      language: r.language,
      attempts: Number(r.attempts),
    }))
    .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))
}

/**
 * Marks claimed rows sent, only while this worker still holds them and they are still queued
 * (not cancelled, not taken over after the lease ran out). Returns the ids it marked: a caller
 * that writes the delivery itself (a mail row, the letter batch) does so in the same transaction
 * and only for these ids, so a row is delivered exactly once however workers crash or race.
 */
export async function markSent(
  db: DB,
  worker: string,
  ids: readonly string[],
  providerRef?: (id: string) => string | null,
): Promise<string[]> {
  if (ids.length === 0) return []
  const rows = await db
    .updateTable('communication_deliveries')
    .set({ status: 'sent', sent_at: sql`now()`, claimed_at: null, claimed_by: null, last_error: null })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', worker)
    .where('status', '=', 'queued')
    .returning('id')
    .execute()
  const marked = rows.map((r) => String(r.id))
  if (providerRef) {
    for (const id of marked) {
      const ref = providerRef(id)
      if (ref)
        await db
          .updateTable('communication_deliveries')
          .set({ provider_ref: ref })
          .where('id', '=', id)
          .execute()
    }
  }
  return marked
}

/** Retry later with exponential backoff (1 s, 2 s, 4 s … at most 5 min), or fail for good. */
export async function failDelivery(
  db: DB,
  worker: string,
  row: Pick<ClaimedDelivery, 'id' | 'attempts'>,
  error: string,
  opts: { maxAttempts?: number; backoffMs?: number } = {},
): Promise<'retry' | 'failed'> {
  const final = row.attempts >= (opts.maxAttempts ?? MAX_ATTEMPTS)
  const delay = Math.min((opts.backoffMs ?? 1000) * 2 ** (row.attempts - 1), 5 * 60_000)
  await db
    .updateTable('communication_deliveries')
    .set({
      claimed_at: null,
      claimed_by: null,
      last_error: error.slice(0, 500),
      available_at: sql`now() + make_interval(secs => ${delay / 1000})`,
      ...(final ? { status: 'failed' as const } : {}),
    })
    .where('id', '=', row.id)
    .where('claimed_by', '=', worker)
    .where('status', '=', 'queued')
    .execute()
  return final ? 'failed' : 'retry'
}

/** Staff asked to try failed rows again: they are queued afresh with their attempts reset. */
export async function retryFailed(db: DB, communicationId: string): Promise<number> {
  const rows = await db
    .updateTable('communication_deliveries')
    .set({ status: 'queued', attempts: 0, available_at: sql`now()`, last_error: null })
    .where('communication_id', '=', communicationId)
    .where('status', '=', 'failed')
    .returning('id')
    .execute()
  return rows.length
}
