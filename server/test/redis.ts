import { loadConfig, type RedisTarget } from '../../schema/config.ts'

/**
 * The test file's Redis: the run's REDIS_URL (or the local default) with the file's own channel
 * prefix (REDIS_PREFIX, set per file by `redisPerFile.ts`). Pub/sub ignores Redis's database
 * numbers, so without a prefix of its own one file's access changes, calendar rebuilds and chat
 * activity reached the collab servers and session caches of every other file running beside it.
 */
export function testRedisEnv(): { REDIS_URL: string; REDIS_PREFIX: string } {
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: process.env.REDIS_PREFIX,
  })
  return { REDIS_URL: config.redisUrl ?? '', REDIS_PREFIX: config.redisPrefix }
}

/** The same as a target for the bus (`createBus`, the announcers and listeners). */
export function testRedis(): RedisTarget {
  const { REDIS_URL, REDIS_PREFIX } = testRedisEnv()
  return { url: REDIS_URL, prefix: REDIS_PREFIX }
}
