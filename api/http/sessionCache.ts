import { constantTimeEqual } from '@oslojs/crypto/subtle'
import type { MeResponse } from '../../schema/api/users.ts'
import type { OrgRef, Principal } from '../../schema/policy.ts'
import { hashSecret, SESSION_TTL_MS, type Session } from '../../server/auth/sessions.ts'
import type { AccessChange } from '../../server/bus/accessBus.ts'
import type { ProfileChange } from '../../server/bus/channels.ts'

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
 *
 * Beside the principal, the built `/api/me` answer of the session (so a warm `/api/me` costs no
 * query): it goes with the entry on every access change, and alone on a profile change (name,
 * language, notification settings, second factor, an organisation's name: `forgetProfile`, fed
 * by the profile channel). It is stored only beside the very principal it was built from, and,
 * like the principal, not when a change arrived while it was being built.
 *
 * And the organisations' rows as the policy reads them (`OrgRef`: kind, status, managing company),
 * which nearly every request loads before its own query: only a suspension, a reactivation or a
 * handover changes one, and each announces an `org` access change, which empties the whole cache
 * (this instance's at once, the others' over the bus), so they obey the same rules as principals.
 */
export interface SessionCache {
  /** The session and principal of a token, or undefined (then ask the database). */
  get(token: string): { session: Session; principal: Principal; me: MeResponse | undefined } | undefined
  /** Read before loading; pass to `set`, which stores nothing if an invalidation came meanwhile. */
  epoch(): number
  set(token: string, session: Session, principal: Principal, epoch: number): void
  /** The cached `/api/me` of the session, if its entry holds exactly this principal. */
  me(sessionId: string, principal: Principal): MeResponse | undefined
  /** The same answer as JSON, serialised once when it was kept (the warm `/api/me` sends it as is). */
  meJson(sessionId: string, principal: Principal): string | undefined
  /** Keeps `me` beside the session's entry, only if it holds `principal` and nothing changed since `epoch`. */
  setMe(sessionId: string, principal: Principal, me: MeResponse, epoch: number): void
  /** An organisation's row as the policy sees it, if cached (then no query). */
  orgRef(orgId: string): OrgRef | undefined
  /** Keeps `org` unless an access change came since `epoch` (read before loading it). */
  setOrgRef(org: OrgRef, epoch: number): void
  forget(change: AccessChange): void
  /** Drops the `/api/me` answers a profile change makes stale (the sessions and principals stay). */
  forgetProfile(change: ProfileChange): void
  setListening(listening: boolean): void
  readonly size: number
}

interface Entry {
  session: Session
  principal: Principal
  me: MeResponse | undefined
  meJson: string | undefined
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
  const orgs = new Map<string, { org: OrgRef; storedAt: number }>()
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
    orgs.clear()
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
      return { session: entry.session, principal: entry.principal, me: entry.me }
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
      entries.set(session.id, {
        session,
        principal,
        me: undefined,
        meJson: undefined,
        secretHash: hashSecret(secret),
        storedAt: now(),
      })
      const ids = byUser.get(session.userId) ?? new Set<string>()
      ids.add(session.id)
      byUser.set(session.userId, ids)
    },
    orgRef(orgId) {
      if (!listening) return undefined
      const entry = orgs.get(orgId)
      if (!entry) return undefined
      if (now() - entry.storedAt > ttl) {
        orgs.delete(orgId)
        return undefined
      }
      return entry.org
    },
    setOrgRef(org, at) {
      if (!listening || at !== epoch) return
      if (orgs.size >= MAX_ENTRIES) {
        const oldest = orgs.keys().next().value
        if (oldest !== undefined) orgs.delete(oldest)
      }
      orgs.set(org.id, { org, storedAt: now() })
    },
    me(sessionId, principal) {
      const entry = entries.get(sessionId)
      return entry?.principal === principal ? entry.me : undefined
    },
    meJson(sessionId, principal) {
      const entry = entries.get(sessionId)
      return entry?.principal === principal ? entry.meJson : undefined
    },
    setMe(sessionId, principal, me, at) {
      const entry = entries.get(sessionId)
      if (listening && at === epoch && entry?.principal === principal) {
        entry.me = me
        entry.meJson = JSON.stringify(me)
      }
    },
    forgetProfile(change) {
      epoch++
      if (change.kind === 'user') {
        for (const id of byUser.get(change.userId) ?? []) {
          const entry = entries.get(id)
          if (entry) {
            entry.me = undefined
            entry.meJson = undefined
          }
        }
        return
      }
      // An organisation renamed: rare, so look through the answers that show it.
      for (const entry of entries.values())
        if (entry.me?.organisations.some((o) => o.id === change.orgId)) {
          entry.me = undefined
          entry.meJson = undefined
        }
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
