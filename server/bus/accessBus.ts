import { Redis } from 'ioredis'
import type { RedisTarget } from '../../schema/config.ts'
import { fallbackLog } from '../log.ts'
import { createBus } from './bus.ts'
import { AccessChange, channelName, ProfileChange } from './channels.ts'

export type { AccessChange } from './channels.ts'

/**
 * "Access changed" (a membership removed, a role changed, an organisation suspended, a user
 * signed out everywhere) from an API process to every collab instance over the `access` bus
 * channel, when the API runs without a collab server in its process (`npm run start:api`). Each
 * instance re-decides access for its live connections of the people concerned (collab-server/
 * revocation.ts). Without this, a removed member's open documents stayed open until the socket
 * reconnected.
 */
export interface AccessAnnouncer {
  announce(change: AccessChange): Promise<void>
  close(): Promise<void>
}

export function redisAccessAnnouncer(redis: RedisTarget): AccessAnnouncer {
  const bus = createBus('access', { redis, log: fallbackLog })
  return { announce: (change) => bus.publish(change), close: () => bus.close() }
}

/**
 * Its own subscriber rather than `createBus`, because the session cache must know when the
 * subscription drops; the channel names and message schemas are still the bus's (channels.ts).
 * Every access change announced on the access channel, and every profile change on the profile
 * channel (what `/api/me` shows), for an API instance's session cache (api/http/sessionCache.ts),
 * on one connection. `onListening(false)` when the subscription drops (changes may be missed, so
 * the cache must stop serving), `onListening(true)` once it is back.
 */
export function redisAccessListener(
  redis: RedisTarget,
  opts: {
    onChange: (change: AccessChange) => void
    onProfileChange?: (change: ProfileChange) => void
    onListening: (listening: boolean) => void
  },
): { ready: Promise<void>; close(): Promise<void> } {
  const ACCESS_CHANNEL = channelName('access', redis.prefix)
  const PROFILE_CHANNEL = channelName('profile', redis.prefix)
  const sub = new Redis(redis.url)
  opts.onListening(false)
  let started = false
  const subscribe = () =>
    sub.subscribe(ACCESS_CHANNEL, PROFILE_CHANNEL).then(() => {
      started = true
      opts.onListening(true)
    })
  const ready = subscribe()
  sub.on('close', () => opts.onListening(false))
  // After a reconnect: listening again once the channels are subscribed again (idempotent).
  sub.on('ready', () => {
    if (started) subscribe().catch(() => opts.onListening(false))
  })
  sub.on('error', () => opts.onListening(false))
  sub.on('message', (channel: string, raw: string) => {
    if (channel !== ACCESS_CHANNEL && channel !== PROFILE_CHANNEL) return
    try {
      const json = JSON.parse(raw)
      if (channel === PROFILE_CHANNEL) {
        const change = ProfileChange.safeParse(json)
        if (change.success) return opts.onProfileChange?.(change.data)
      } else {
        const change = AccessChange.safeParse(json)
        if (change.success) return opts.onChange(change.data)
      }
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
