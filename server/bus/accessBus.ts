import { Redis } from 'ioredis'

/** A change of who may open what: the collab servers re-authorise the affected sockets. */
export type AccessChange =
  | { kind: 'membership'; orgId: string; userId: string }
  | { kind: 'org'; orgId: string }
  | { kind: 'user'; userId: string }

/**
 * "Access changed" (a membership removed, a role changed, an organisation suspended, a user
 * signed out everywhere) from an API process to every collab instance over Redis pub/sub, when
 * the API runs without a collab server in its process (`npm run start:api`). Each instance
 * re-decides access for its live connections of the people concerned (collab-server/
 * revocation.ts). Without this, a removed member's open documents stayed open until the socket
 * reconnected.
 */
export const ACCESS_CHANNEL = 'kotipiha:collab:access'

export interface AccessAnnouncer {
  announce(change: AccessChange): Promise<void>
  close(): Promise<void>
}

export function redisAccessAnnouncer(redisUrl: string): AccessAnnouncer {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: 3 })
  return {
    async announce(change) {
      await pub.publish(ACCESS_CHANNEL, JSON.stringify(change))
    },
    async close() {
      pub.disconnect()
    },
  }
}

/**
 * Every access change announced on the channel, for an API instance's session cache
 * (api/http/sessionCache.ts). `onListening(false)` when the subscription drops (changes may be
 * missed, so the cache must stop serving), `onListening(true)` once it is back.
 */
export function redisAccessListener(
  redisUrl: string,
  opts: { onChange: (change: AccessChange) => void; onListening: (listening: boolean) => void },
): { ready: Promise<void>; close(): Promise<void> } {
  const sub = new Redis(redisUrl)
  opts.onListening(false)
  let started = false
  const subscribe = () =>
    sub.subscribe(ACCESS_CHANNEL).then(() => {
      started = true
      opts.onListening(true)
    })
  const ready = subscribe()
  sub.on('close', () => opts.onListening(false))
  // After a reconnect: listening again once the channel is subscribed again (idempotent).
  sub.on('ready', () => {
    if (started) subscribe().catch(() => opts.onListening(false))
  })
  sub.on('error', () => opts.onListening(false))
  sub.on('message', (channel: string, raw: string) => {
    if (channel !== ACCESS_CHANNEL) return
    try {
      const change = JSON.parse(raw) as AccessChange
      if (change && typeof change === 'object' && 'kind' in change) return opts.onChange(change)
    } catch {
      // fall through: an unreadable message could have been a change, so trust nothing cached
    }
    opts.onListening(false)
    opts.onListening(true)
  })
  return {
    ready,
    async close() {
      sub.disconnect()
    },
  }
}
