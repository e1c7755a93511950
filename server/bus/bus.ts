import { Redis } from 'ioredis'
import type { RedisTarget } from '../../schema/config.ts'
import type { Logger } from '../log.ts'
import { BUS_CHANNELS, type BusChannel, type BusMessage, channelName } from './channels.ts'

/**
 * The one bus: a channel declared in channels.ts over Redis pub/sub, or a direct call when there
 * is no Redis (one process). `publish` reaches `onMessage` on every instance subscribed, this one
 * included. A bus without `onMessage` only publishes (an API process announcing to collab
 * instances) and opens no subscriber connection. Messages are JSON checked by the channel's zod
 * schema on both ends; one that does not fit is logged and dropped by the receiver. The channel's
 * Redis name carries the deployment's prefix (REDIS_PREFIX): only instances with the same prefix
 * hear each other (each test file has its own, server/test/redisPerFile.ts).
 */
export interface Bus<C extends BusChannel> {
  publish(message: BusMessage<C>): Promise<void>
  /** Resolves once this instance receives messages (tests wait for it before publishing). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function createBus<C extends BusChannel>(
  channel: C,
  opts: { redis: RedisTarget | undefined; log: Logger; onMessage?: (message: BusMessage<C>) => void },
): Bus<C> {
  const schema = BUS_CHANNELS[channel].message
  const { log, onMessage, redis } = opts
  if (!redis) {
    return {
      publish: async (message) => onMessage?.(schema.parse(message) as BusMessage<C>),
      ready: Promise.resolve(),
      close: async () => {},
    }
  }
  const name = channelName(channel, redis.prefix)
  const pub = new Redis(redis.url, { maxRetriesPerRequest: 3 })
  const sub = onMessage ? new Redis(redis.url) : null
  const ready = sub ? sub.subscribe(name).then(() => undefined) : Promise.resolve()
  sub?.on('message', (from: string, raw: string) => {
    if (from !== name) return
    let parsed: ReturnType<typeof schema.safeParse> | undefined
    try {
      parsed = schema.safeParse(JSON.parse(raw))
    } catch {
      parsed = undefined
    }
    if (!parsed?.success) return log.warn('bus.bad_message', { channel: name, message: raw.slice(0, 200) })
    onMessage?.(parsed.data as BusMessage<C>)
  })
  return {
    async publish(message) {
      await ready
      await pub.publish(name, JSON.stringify(schema.parse(message)))
    },
    ready,
    async close() {
      sub?.disconnect()
      pub.disconnect()
    },
  }
}
