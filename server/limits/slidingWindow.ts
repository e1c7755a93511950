import { type RawBuilder, sql } from 'kysely'
import type { DB } from '../db/connect.ts'

/**
 * The one sliding-window limiter: at most `max` events per key within `windowMs`. Every limit
 * is counted in the database, so it holds across API processes and restarts, and the database's
 * clock decides (API clocks that drift do not matter). Three shapes of limit use it:
 *
 * - `take`: every attempt counts (uploads, import calls). Under a per-key advisory lock (one
 *   key's parallel requests take turns, so two cannot both take the last slot) it drops the key's
 *   rows older than the window, and either records this event or answers the wait. A refused
 *   event records nothing.
 * - `waitOf` + `record` + `forget`: only some outcomes count (failed sign-ins), so the caller
 *   asks first, records after it knows the outcome, and may forget a key (a success).
 * - `weightedWait`: the events are rows kept for their own sake, each with a weight (a sender's
 *   mass communications and their recipients); the caller writes its row in the same transaction.
 *
 * A wait is in whole seconds, at least 1: until enough of the oldest events leave the window.
 */
export interface Window {
  /** The table of events: one row per event with the key column and `at` (default now()). */
  table: 'upload_attempts' | 'import_calls' | 'login_failures'
  column: 'user_id' | 'caller' | 'key'
  /** Prefix of the advisory lock key, one per limit. */
  lock: string
  max: number
  windowMs: number
}

const interval = (windowMs: number) => sql`make_interval(secs => ${windowMs / 1000})`

/** Takes the per-key advisory lock until the end of the transaction. */
async function lockKey(trx: DB, lock: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${lock}:${key}`}, 0))`.execute(trx)
}

/** Records one event for `key`, or returns the seconds to wait (and records nothing). */
export async function take(db: DB, w: Window, key: string): Promise<number | null> {
  const table = sql.table(w.table)
  const column = sql.ref(w.column)
  return db.transaction().execute(async (trx) => {
    await lockKey(trx, w.lock, key)
    await sql`DELETE FROM ${table} WHERE ${column} = ${key} AND at <= now() - ${interval(w.windowMs)}`.execute(
      trx,
    )
    const wait = await waitOf(trx, w, key)
    if (wait !== null) return wait
    await sql`INSERT INTO ${table} (${column}) VALUES (${key})`.execute(trx)
    return null
  })
}

/**
 * Seconds until `key` has fewer than `max` events in the window, or null when it has already.
 * Events keep counting while refused, so there may be more than `max`: the limit lifts when the
 * max-th newest leaves the window.
 */
export async function waitOf(db: DB, w: Window, key: string): Promise<number | null> {
  const window = interval(w.windowMs)
  const { rows } = await sql<{ wait: number }>`
    SELECT ceil(extract(epoch from at + ${window} - now()))::int AS wait FROM ${sql.table(w.table)}
    WHERE ${sql.ref(w.column)} = ${key} AND at > now() - ${window}
    ORDER BY at DESC OFFSET ${w.max - 1} LIMIT 1`.execute(db)
  return rows[0] ? Math.max(1, Number(rows[0].wait)) : null
}

/**
 * Records one event for each key, and drops every row of the table that has left the window
 * (all keys': a table serves one window, so a key never seen again leaves nothing behind).
 */
export async function record(db: DB, w: Window, keys: readonly string[]): Promise<void> {
  const table = sql.table(w.table)
  const column = sql.ref(w.column)
  await sql`INSERT INTO ${table} (${column}) VALUES ${sql.join(keys.map((key) => sql`(${key})`))}`.execute(db)
  await sql`DELETE FROM ${table} WHERE at <= now() - ${interval(w.windowMs)}`.execute(db)
}

/** Forgets every event of `key` (a sign-in that succeeded). */
export async function forget(db: DB, w: Window, key: string): Promise<void> {
  await sql`DELETE FROM ${sql.table(w.table)} WHERE ${sql.ref(w.column)} = ${key}`.execute(db)
}

export interface WeightedWindow {
  lock: string
  max: number
  windowMs: number
  /** The key's events as rows (at, weight): every row of the key, the window is applied here. */
  events: (key: string) => RawBuilder<unknown>
}

/**
 * Whether `weight` more fits in `key`'s window: `used` is the weight in the window, `wait` the
 * seconds until enough of it has left for `weight` to fit (null when it fits now; the whole
 * window when `weight` alone is over `max`, which never fits). Takes the per-key lock to the end
 * of the caller's transaction `trx`, so the caller's own row is written before another request
 * of the key counts.
 */
export async function weightedWait(
  trx: DB,
  w: WeightedWindow,
  key: string,
  weight: number,
): Promise<{ used: number; wait: number | null }> {
  await lockKey(trx, w.lock, key)
  const window = interval(w.windowMs)
  const { rows } = await sql<{ used: string; wait: number | null }>`
    WITH recent AS (
      SELECT at, weight FROM (${w.events(key)}) AS e (at, weight) WHERE at > now() - ${window}
    ), running AS (
      SELECT at, sum(weight) OVER (ORDER BY at ROWS UNBOUNDED PRECEDING) AS freed,
             sum(weight) OVER () AS used
      FROM recent
    )
    SELECT coalesce((SELECT sum(weight) FROM recent), 0) AS used,
           (SELECT ceil(extract(epoch from at + ${window} - now()))::int FROM running
            WHERE used - freed + ${weight} <= ${w.max} ORDER BY at LIMIT 1) AS wait`.execute(trx)
  const used = Number(rows[0]?.used ?? 0)
  if (used + weight <= w.max) return { used, wait: null }
  const wait = rows[0]?.wait
  return {
    used,
    wait: wait === null || wait === undefined ? Math.ceil(w.windowMs / 1000) : Math.max(1, wait),
  }
}
