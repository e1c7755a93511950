import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, redisTarget } from '../../schema/config.ts'
import { testRedis } from '../test/redis.ts'
import { type Bus, createBus } from './bus.ts'
import { type AccessChange, channelName } from './channels.ts'

const silent = { debug() {}, info() {}, warn() {}, error() {} }

/**
 * The bus's channels carry the deployment's prefix (REDIS_PREFIX): two deployments, or two test
 * files running side by side, on one Redis never hear each other, while instances with the same
 * prefix do. Pub/sub ignores Redis's database numbers, so the prefix is the only separation.
 */
describe('bus channel prefix', () => {
  const open: Array<Bus<'access'>> = []
  afterEach(async () => {
    for (const bus of open.splice(0)) await bus.close()
  })

  const listen = async (prefix: string) => {
    const heard: AccessChange[] = []
    const bus = createBus('access', {
      redis: { ...testRedis(), prefix },
      log: silent,
      onMessage: (change) => heard.push(change),
    })
    open.push(bus)
    await bus.ready
    return { bus, heard }
  }

  it('the default prefix keeps the channel names deployments already use', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })
    expect(redisTarget(config)).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'kotipiha' })
    expect(channelName('access', config.redisPrefix)).toBe('kotipiha:collab:access')
    expect(redisTarget(loadConfig({}))).toBeUndefined()
    expect(() => loadConfig({ REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX="a b"/)
  })

  it('each test file has a prefix of its own', () => {
    expect(testRedis().prefix).toMatch(/^kotipiha-test-\d+-[0-9a-f]{8}$/)
  })

  it('a message reaches the instances with the same prefix, never those with another', async () => {
    const own = `${testRedis().prefix}-a`
    const other = `${testRedis().prefix}-b`
    const [first, second, stranger] = [await listen(own), await listen(own), await listen(other)]
    await first.bus.publish({ kind: 'user', userId: 'u-ours' })
    // Redis delivers one connection's messages in order, after every command before them: once
    // the stranger hears its own sentinel, anything published to it earlier has arrived.
    await stranger.bus.publish({ kind: 'user', userId: 'sentinel' })
    await expect.poll(() => stranger.heard.length).toBeGreaterThan(0)
    await expect.poll(() => second.heard.length).toBe(1)
    expect(first.heard).toEqual([{ kind: 'user', userId: 'u-ours' }])
    expect(second.heard).toEqual([{ kind: 'user', userId: 'u-ours' }])
    expect(stranger.heard).toEqual([{ kind: 'user', userId: 'sentinel' }])
  })
})
