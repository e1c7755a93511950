import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'

/**
 * The database part of `GET /api/health`, at most one ping per `everyMs` however often health is
 * asked. A query per call queued behind every holder of PGlite's one connection: under one busy
 * channel the pinger's own queries were the connection's largest holder (1,674 in a 30 s run)
 * and each waited out a compaction (issue 21, item 3). A load balancer asks often; the answer
 * may be a second old, never older than `staleMs` without saying so:
 *   - the last ping failed: not ready (a dead database is reported within `everyMs` + a ping);
 *   - a ping has been waiting longer than `staleMs`: not ready (a stuck database);
 *   - no ping has answered yet: the first caller waits for one.
 */
export interface HealthProbe {
  check(): Promise<DbHealth>
}

export interface DbHealth {
  ok: boolean
  /** How long the last answered ping took. */
  dbMs: number
  /** How old the answer is. */
  ageMs: number
  error?: string
}

export function createHealthProbe(
  db: DB,
  { everyMs = 1000, staleMs = 5000, now = () => performance.now() } = {},
): HealthProbe {
  let last: { ok: boolean; dbMs: number; at: number; error?: string } | null = null
  let pending: { started: number; done: Promise<void> } | null = null

  function ping(): Promise<void> {
    const started = now()
    const done = sql`SELECT 1`
      .execute(db)
      .then(
        () => {
          last = { ok: true, dbMs: Math.round(now() - started), at: now() }
        },
        (error: unknown) => {
          last = { ok: false, dbMs: Math.round(now() - started), at: now(), error: String(error) }
        },
      )
      .finally(() => {
        pending = null
      })
    pending = { started, done }
    return done
  }

  return {
    async check() {
      if (!pending && (!last || now() - last.at >= everyMs)) void ping()
      if (!last) await pending?.done
      const answer = last!
      const waiting = pending ? now() - pending.started : 0
      if (waiting > staleMs)
        return {
          ok: false,
          dbMs: Math.round(waiting),
          ageMs: Math.round(now() - answer.at),
          error: 'database not answering',
        }
      return {
        ok: answer.ok,
        dbMs: answer.dbMs,
        ageMs: Math.round(now() - answer.at),
        ...(answer.error ? { error: answer.error } : {}),
      }
    },
  }
}
