import { sql } from 'kysely'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../db/connect.ts'

/**
 * Login throttle kept in the database, so it holds across processes and restarts: at most
 * MAX_FAILURES failed attempts per account and per client address within the window; the next
 * one is refused with 429 and Retry-After until the oldest failure leaves the window.
 */
export const MAX_FAILURES = 10
export const WINDOW_MS = 15 * 60 * 1000

export const accountKey = (email: string) => `acct:${email.trim().toLowerCase()}`
export const addressKey = (address: string) => `addr:${address}`

/** The account key, plus the address key when the client address is known. */
export function throttleKeys(account: string, address: string, prefix = ''): string[] {
  return address === 'unknown' ? [account] : [account, addressKey(`${prefix}${address}`)]
}

export async function assertNotThrottled(db: DB, keys: string[]): Promise<void> {
  const since = new Date(Date.now() - WINDOW_MS)
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('n'), sql<Date>`min(at)`.as('oldest')])
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute()
  const blocked = rows.filter((r) => Number(r.n) >= MAX_FAILURES)
  if (blocked.length === 0) return
  const until = Math.max(...blocked.map((r) => new Date(r.oldest).getTime() + WINDOW_MS))
  const retryAfter = Math.max(1, Math.ceil((until - Date.now()) / 1000))
  throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', { retryAfter })
}

export async function recordFailure(db: DB, keys: string[]): Promise<void> {
  await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key })))
    .execute()
  // Keep the table small: anything outside the window no longer matters.
  await db
    .deleteFrom('login_failures')
    .where('at', '<', new Date(Date.now() - WINDOW_MS))
    .execute()
}

export async function clearFailures(db: DB, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute()
}
