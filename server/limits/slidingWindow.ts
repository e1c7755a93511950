import { sql } from 'kysely'
import type { DB } from '../db/connect.ts'

/**
 * The one sliding-window limiter: at most `max` events per key within `windowMs`, counted as
 * rows (key, at) in a table of its own, so it holds across API processes; the database's clock
 * decides. `take` is the whole step for a limit that counts every attempt (uploads, imports):
 * under a per-key advisory lock (one key's parallel requests take turns, so two cannot both take
 * the last slot) it drops rows older than the window, and either records this event or answers
 * the seconds until a slot frees (the max-th newest row leaving the window). A refused event
 * records nothing.
 */
export interface Window {
  /** The table of events: one row per event with the key column and `at` (default now()). */
  table: 'upload_attempts' | 'import_calls'
  column: 'user_id' | 'caller'
  /** Prefix of the advisory lock key, one per limit. */
  lock: string
  max: number
  windowMs: number
}

/** Records one event for `key`, or returns the seconds to wait (and records nothing). */
export async function take(db: DB, w: Window, key: string): Promise<number | null> {
  const window = sql`make_interval(secs => ${w.windowMs / 1000})`
  const table = sql.table(w.table)
  const column = sql.ref(w.column)
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${w.lock}:${key}`}, 0))`.execute(trx)
    await sql`DELETE FROM ${table} WHERE ${column} = ${key} AND at <= now() - ${window}`.execute(trx)
    const blocking = await sql<{ wait: number }>`
      SELECT ceil(extract(epoch from at + ${window} - now()))::int AS wait FROM ${table}
      WHERE ${column} = ${key} ORDER BY at DESC OFFSET ${w.max - 1} LIMIT 1`.execute(trx)
    const row = blocking.rows[0]
    if (row) return Math.max(1, Number(row.wait))
    await sql`INSERT INTO ${table} (${column}) VALUES (${key})`.execute(trx)
    return null
  })
}
