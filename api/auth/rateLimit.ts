import { sql } from 'kysely'
import type { Config } from '../../schema/config.ts'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Login throttle kept in the database, so it holds across processes and restarts. Failed
 * attempts are counted per account and per client address within the window
 * (`config.loginThrottle`). An account at its limit is refused outright, whatever the password.
 * An address at its (much higher) limit is refused only for attempts that fail: an office or a
 * building behind one address must not be locked out by one person guessing, so a correct
 * password (with its second factor) still signs in, while every wrong one still counts against
 * its account. The 429 carries Retry-After, and its message says how long to wait.
 */
export type ThrottleLimits = Config['loginThrottle']

export interface ThrottleKeys {
  account: string
  /** Undefined when the client address is not known (no socket, as in app.request tests). */
  address: string | undefined
}

/** Seconds until each limit lifts; null where the key is under its limit. */
export interface ThrottleState {
  account: number | null
  address: number | null
}

export const accountKey = (email: string) => `acct:${email.trim().toLowerCase()}`
export const addressKey = (address: string) => `addr:${address}`

export function throttleKeys(account: string, address: string, prefix = ''): ThrottleKeys {
  return { account, address: address === 'unknown' ? undefined : addressKey(`${prefix}${address}`) }
}

const keyList = (keys: ThrottleKeys) => (keys.address ? [keys.account, keys.address] : [keys.account])

export async function throttleState(
  db: DB,
  keys: ThrottleKeys,
  limits: ThrottleLimits,
): Promise<ThrottleState> {
  const now = Date.now()
  const since = new Date(now - limits.windowMs)
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('n')])
    .where('key', 'in', keyList(keys))
    .where('at', '>', since)
    .groupBy('key')
    .execute()
  const wait = async (key: string | undefined, max: number): Promise<number | null> => {
    const n = Number(rows.find((r) => r.key === key)?.n ?? 0)
    if (!key || n < max) return null
    // The limit lifts when the count drops below max: when the (n - max + 1)th oldest failure
    // leaves the window (failures keep counting while refused, so n may exceed max).
    const lifting = await db
      .selectFrom('login_failures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at')
      .offset(n - max)
      .limit(1)
      .executeTakeFirst()
    const until = (lifting ? new Date(lifting.at).getTime() : now) + limits.windowMs
    return Math.max(1, Math.ceil((until - now) / 1000))
  }
  return {
    account: await wait(keys.account, limits.perAccount),
    address: await wait(keys.address, limits.perAddress),
  }
}

/** The 429 for a throttled sign-in, with the wait in the header and in words. */
export function throttled(retryAfter: number): AppError {
  const minutes = Math.ceil(retryAfter / 60)
  return new AppError(
    'rate_limited',
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfter },
  )
}

/** Refuses when either key is at its limit (for requests that have no "correct" outcome). */
export async function assertNotThrottled(db: DB, keys: ThrottleKeys, limits: ThrottleLimits): Promise<void> {
  const state = await throttleState(db, keys, limits)
  const waits = [state.account, state.address].filter((w): w is number => w !== null)
  if (waits.length > 0) throw throttled(Math.max(...waits))
}

export async function recordFailure(db: DB, keys: ThrottleKeys, limits: ThrottleLimits): Promise<void> {
  await db
    .insertInto('login_failures')
    .values(keyList(keys).map((key) => ({ key })))
    .execute()
  // Keep the table small: anything outside the window no longer matters.
  await db
    .deleteFrom('login_failures')
    .where('at', '<', new Date(Date.now() - limits.windowMs))
    .execute()
}

export async function clearFailures(db: DB, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute()
}
