import type { Connection } from '@hocuspocus/server'
import type { RedisTarget } from '../schema/config.ts'
import { ERRORS } from '../schema/errors.ts'
import { loadPrincipal } from '../server/access/principal.ts'
import type { AccessChange } from '../server/bus/accessBus.ts'
import { createBus } from '../server/bus/bus.ts'
import type { DB } from '../server/db/connect.ts'
import type { Logger } from '../server/log.ts'
import { decideAccess } from './access.ts'
import type { CollabContext } from './context.ts'
import type { Metrics } from './metrics.ts'
import type { ConnectionRegistry } from './registry.ts'

/**
 * Live revocation. The API reports an access change (membership removed, role changed, org
 * suspended, logout everywhere); every instance re-decides access for the affected live
 * connections and closes the socket of any whose access changed, with 4403 `access_changed`
 * (4401 `unauthenticated` when the session is gone). The provider reconnects and is authorised
 * afresh: it gets read-only, or nothing. With Redis the change reaches every instance.
 */

export interface Revoker {
  revoke(change: AccessChange): Promise<void>
  /** Resolves once changes published by other processes reach this instance (Redis only). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export interface RevokerOptions {
  db: DB
  registry: ConnectionRegistry
  log: Logger
  metrics: Metrics
  redis?: RedisTarget | undefined
}

function closeSocket(connection: Connection, code: number, reason: string): void {
  try {
    connection.webSocket.close(code, reason)
  } catch {
    // already closed
  }
}

export function createRevoker(opts: RevokerOptions): Revoker {
  const { db, registry, log } = opts

  async function recheckUser(userId: string, connections: Array<[Connection, CollabContext]>): Promise<void> {
    if (connections.length === 0) return
    const sessionIds = [...new Set(connections.map(([, c]) => c.sessionId))]
    const live = await db
      .selectFrom('sessions')
      .select(['id', 'mfa_verified'])
      .where('id', 'in', sessionIds)
      .where('expires_at', '>', new Date())
      .execute()
    const sessions = new Map(live.map((s) => [s.id, s.mfa_verified]))
    for (const [connection, context] of connections) {
      const mfaVerified = sessions.get(context.sessionId)
      if (mfaVerified === undefined) {
        opts.metrics.revoked++
        log.info('collab.revoked', { userId, doc: context.doc.name, reason: 'session ended' })
        closeSocket(connection, ERRORS.unauthenticated.close, 'unauthenticated')
        continue
      }
      const principal = await loadPrincipal(db, { userId, mfaVerified })
      const access = await decideAccess(db, principal, context.doc)
      if (access.level !== context.level || access.moderator !== context.moderator) {
        opts.metrics.revoked++
        log.info('collab.revoked', { userId, doc: context.doc.name, from: context.level, to: access.level })
        closeSocket(connection, ERRORS.access_changed.close, 'access_changed')
      }
    }
  }

  async function applyLocally(change: AccessChange): Promise<void> {
    const users = new Set<string>()
    if (change.kind === 'user' || change.kind === 'membership') users.add(change.userId)
    if (change.kind === 'org') {
      for (const [, context] of registry.entries())
        if (context.orgId === change.orgId) users.add(context.userId)
      const members = await db
        .selectFrom('memberships')
        .select('user_id')
        .where('org_id', '=', change.orgId)
        .execute()
      for (const m of members) users.add(m.user_id)
    }
    await Promise.all([...users].map((userId) => recheckUser(userId, registry.ofUser(userId))))
  }

  const run = (change: AccessChange) =>
    applyLocally(change).catch((error: unknown) =>
      log.error('collab.revoke_failed', { change, error: String(error) }),
    )

  // Without Redis there is one process: the change is applied before revoke() resolves.
  if (!opts.redis) return { revoke: run, ready: Promise.resolve(), close: async () => {} }
  const bus = createBus('access', { redis: opts.redis, log, onMessage: (change) => void run(change) })
  return { revoke: (change) => bus.publish(change), ready: bus.ready, close: () => bus.close() }
}
