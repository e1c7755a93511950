import type { Config } from '../../schema/config.ts'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { forget, record, type Window, waitOf } from '../../server/limits/slidingWindow.ts'

/**
 * Login throttle on the one sliding-window limiter (server/limits/slidingWindow.ts), in the
 * database, so it holds across processes and restarts. Failed attempts are counted per account
 * and per client address within the window (`config.loginThrottle`); only failures count, so it
 * asks first (`waitOf`) and records after the outcome (`record`), and a success forgets the
 * account's failures. An account at its limit is refused outright, whatever the password.
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

/** The two windows of one login throttle: the same failures, counted per account and per address. */
function windows(limits: ThrottleLimits): { account: Window; address: Window } {
  const base = { table: 'login_failures', column: 'key', lock: 'login', windowMs: limits.windowMs } as const
  return { account: { ...base, max: limits.perAccount }, address: { ...base, max: limits.perAddress } }
}

export async function throttleState(
  db: DB,
  keys: ThrottleKeys,
  limits: ThrottleLimits,
): Promise<ThrottleState> {
  const w = windows(limits)
  return {
    account: await waitOf(db, w.account, keys.account),
    address: keys.address ? await waitOf(db, w.address, keys.address) : null,
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

/** Counts a failed attempt against its account and its address. */
export async function recordFailure(db: DB, keys: ThrottleKeys, limits: ThrottleLimits): Promise<void> {
  await record(db, windows(limits).account, keyList(keys))
}

export async function clearFailures(db: DB, key: string, limits: ThrottleLimits): Promise<void> {
  await forget(db, windows(limits).account, key)
}
