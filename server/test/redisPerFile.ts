import { randomBytes } from 'node:crypto'

/**
 * Every server test file (vitest `setupFiles`): a Redis channel prefix of the file's own
 * (REDIS_PREFIX), set before the test file is imported, as `postgresPerFile.ts` does for the
 * database. Redis pub/sub ignores database numbers, so files running side by side on the run's one
 * Redis shared every bus channel: one file's access changes made another file's collab servers
 * re-decide their sockets and its session caches forget sessions. Tests reach Redis through
 * `testRedisEnv()` / `testRedis()` (`redis.ts`), which carry the prefix; each file runs in a worker
 * of its own, so the variable does not outlive it.
 */
process.env.REDIS_PREFIX = `kotipiha-test-${process.pid}-${randomBytes(4).toString('hex')}`
