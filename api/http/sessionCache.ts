import { constantTimeEqual } from '@oslojs/crypto/subtle'
import type { Principal } from '../../schema/policy.ts'
import { hashSecret, SESSION_TTL_MS, type Session } from '../../server/auth/sessions.ts'
import type { AccessChange } from '../../server/bus/accessBus.ts'

/**
 * Session → principal, kept for a few seconds so an authenticated request does not spend three
 * queries (session, user, memberships) before its own. Correctness rests on invalidation, not on
 * the timeout: every access change (membership, role, suspension, sign-out, password, erasure)
 * reaches `forget` in this process at once and, over the Redis access channel, on every other
 * API instance (api/httpServer.ts); the timeout only bounds what a lost message could cost.
 *
 * - The token is checked as the database path checks it: the entry stores SHA-256 of the secret
 *   and compares in constant time, so a guessed id alone never hits.
 * - A load that raced an invalidation is not stored (the epoch moved while it ran), so a principal
 *   read just before a revocation cannot outlive it.
 * - A session in the second half of its life is not served from here: the database path extends it.
 * - While the bus is down (`setListening(false)`), nothing is served: another instance's change
 *   could not reach this one.
 */
export interface SessionCache {
  /** The session and principal of a token, or undefined (then ask the database). */
  get(token: string): { session: Session; principal: Principal } | undefined
  /** Read before loading; pass to `set`, which stores nothing if an invalidation came meanwhile. */
  epoch(): number
  set(token: string, session: Session, principal: Principal, epoch: number): void
  forget(change: AccessChange): void
  setListening(listening: boolean): void
  readonly size: number
}

interface Entry {
  session: Session
  principal: Principal
  secretHash: Uint8Array
  storedAt: number
}

/** How long an entry lives at most (the safety net behind invalidation). */
export const SESSION_CACHE_MS = 10_000
const MAX_ENTRIES = 50_000

export function createSessionCache(opts: { ttlMs?: number; now?: () => number } = {}): SessionCache {
  const ttl = opts.ttlMs ?? SESSION_CACHE_MS
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  const byUser = new Map<string, Set<string>>()
  let epoch = 0
  let listening = true

  const drop = (sessionId: string) => {
    const entry = entries.get(sessionId)
    if (!entry) return
    entries.delete(sessionId)
    const ids = byUser.get(entry.session.userId)
    ids?.delete(sessionId)
    if (ids?.size === 0) byUser.delete(entry.session.userId)
  }
  const clear = () => {
    epoch++
    entries.clear()
    byUser.clear()
  }

  return {
    get(token) {
      if (!listening) return undefined
      const [id, secret, ...rest] = token.split('.')
      if (!id || !secret || rest.length > 0 || secret.length > 128) return undefined
      const entry = entries.get(id)
      if (!entry) return undefined
      const t = now()
      const left = entry.session.expiresAt.getTime() - t
      if (t - entry.storedAt > ttl || left < SESSION_TTL_MS / 2) {
        drop(id)
        return undefined
      }
      if (!constantTimeEqual(entry.secretHash, hashSecret(secret))) return undefined
      return { session: entry.session, principal: entry.principal }
    },
    epoch: () => epoch,
    set(token, session, principal, at) {
      if (!listening || at !== epoch) return
      const secret = token.split('.')[1]
      if (!secret) return
      if (entries.size >= MAX_ENTRIES) {
        // Oldest first (a Map iterates in insertion order).
        const oldest = entries.keys().next().value
        if (oldest !== undefined) drop(oldest)
      }
      drop(session.id)
      entries.set(session.id, { session, principal, secretHash: hashSecret(secret), storedAt: now() })
      const ids = byUser.get(session.userId) ?? new Set<string>()
      ids.add(session.id)
      byUser.set(session.userId, ids)
    },
    forget(change) {
      epoch++
      // An organisation's change (suspension, structure, a case's audience) touches everyone who
      // was, or is about to be again, its member: not worth tracking who that is; they are rare.
      if (change.kind === 'org') return clear()
      for (const id of [...(byUser.get(change.userId) ?? [])]) drop(id)
    },
    setListening(value) {
      listening = value
      clear()
    },
    get size() {
      return entries.size
    },
  }
}
