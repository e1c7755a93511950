import type { RedisTarget } from '../../schema/config.ts'
import { redisAccessListener } from '../../server/bus/accessBus.ts'
import { type Bus, createBus } from '../../server/bus/bus.ts'
import type { ProfileChange } from '../../server/bus/channels.ts'
import { fallbackLog, type Logger } from '../../server/log.ts'
import { createSessionCache, type SessionCache } from './sessionCache.ts'

/**
 * One API instance's session cache, kept true across instances: with Redis, it hears the access
 * channel (sessions and principals) and the profile channel (`/api/me` answers) and stops serving
 * while it cannot; `profileChanged` forgets here at once and tells every other instance. Without
 * Redis there is one instance and the local forget is all there is. Access changes are announced
 * by their own publisher (scripts/start-api.ts, or the collab server's revoker in one process).
 */
export interface SharedSessionCache {
  readonly cache: SessionCache
  /** A profile changed (name, language, notification settings, second factor, an org's name). */
  profileChanged(change: ProfileChange): void
  /** Resolves once the channels are heard (tests wait for it). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function sharedSessionCache(
  redis: RedisTarget | undefined,
  log: Logger = fallbackLog,
): SharedSessionCache {
  const cache = createSessionCache()
  if (!redis) {
    return {
      cache,
      profileChanged: (change) => cache.forgetProfile(change),
      ready: Promise.resolve(),
      close: async () => {},
    }
  }
  const listener = redisAccessListener(redis, {
    onChange: (change) => cache.forget(change),
    onProfileChange: (change) => cache.forgetProfile(change),
    onListening: (listening) => cache.setListening(listening),
  })
  listener.ready.catch((error: unknown) =>
    log.error('api.access_not_heard', { effect: 'the session cache stays off', error: String(error) }),
  )
  const profiles: Bus<'profile'> = createBus('profile', { redis, log })
  return {
    cache,
    profileChanged(change) {
      cache.forgetProfile(change)
      profiles.publish(change).catch((error: unknown) => {
        log.error('api.profile_announce_failed', { change, error: String(error) })
      })
    },
    ready: listener.ready,
    async close() {
      await listener.close()
      await profiles.close()
    },
  }
}
