/**
 * Fractional ordering keys: strings that sort (plain `<` on code units) between any two others,
 * so a card moved between neighbours gets a new key of its own without renumbering anything.
 * Two people moving cards at once each write one key; nothing else changes, so concurrent moves
 * cannot duplicate or drop a card. Equal keys (two cards dropped into the same gap at once) are
 * broken by the card id, which every replica sees alike.
 *
 * Digits are base 62 in ASCII order; a key never ends in the lowest digit, so there is always
 * room below it. This is the midpoint algorithm of rocicorp's `fractional-indexing`, without the
 * integer part (our lists are edited by people, not appended to millions of times).
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const MAX_ORDER_KEY_LENGTH = 128
const KEY = /^[0-9A-Za-z]*[1-9A-Za-z]$/

export function isOrderKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ORDER_KEY_LENGTH && KEY.test(value)
}

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0
    while ((a[n] ?? '0') === b[n]) n++
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n))
  }
  const digitA = a ? DIGITS.indexOf(a[0]!) : 0
  const digitB = b !== null ? DIGITS.indexOf(b[0]!) : DIGITS.length
  if (digitB - digitA > 1) return DIGITS[Math.round((digitA + digitB) / 2)]!
  if (b !== null && b.length > 1) return b.slice(0, 1)
  return DIGITS[digitA]! + midpoint(a.slice(1), null)
}

/** A key sorting strictly between `before` and `after` (null: the start or the end of the list). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && !isOrderKey(before)) before = null
  if (after !== null && !isOrderKey(after)) after = null
  if (before !== null && after !== null && before >= after) {
    // Equal neighbours (a tie broken by id): go just after `before`; the id tie-break keeps order.
    return midpoint(before, null)
  }
  return midpoint(before ?? '', after)
}

/** `n` keys in order strictly between two keys (by bisection, so they stay short). */
export function keysBetween(before: string | null, after: string | null, n: number): string[] {
  if (n <= 0) return []
  const middle = keyBetween(before, after)
  const left = Math.floor((n - 1) / 2)
  return [...keysBetween(before, middle, left), middle, ...keysBetween(middle, after, n - 1 - left)]
}

/** Sort by key, then by id: every replica orders equal keys the same way. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
