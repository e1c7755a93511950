import { Redis } from 'ioredis'
import type { Logger } from '../log.ts'

/**
 * One Redis pub/sub channel between collab instances, or a direct call when there is no Redis
 * (one process): `publish` reaches `onMessage` on every instance, this one included. Messages
 * are JSON; one that `parse` rejects is logged and dropped.
 */
export interface Bus<T> {
  publish(message: T): Promise<void>
  /** Resolves once this instance receives messages (tests wait for it before publishing). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function createBus<T>(opts: {
  channel: string
  redisUrl: string | undefined
  log: Logger
  parse: (value: unknown) => T | undefined
  onMessage: (message: T) => void
}): Bus<T> {
  const { channel, log } = opts
  if (!opts.redisUrl) {
    return {
      publish: async (message) => opts.onMessage(message),
      ready: Promise.resolve(),
      close: async () => {},
    }
  }
  const pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 })
  const sub = new Redis(opts.redisUrl)
  const ready = sub.subscribe(channel).then(() => undefined)
  sub.on('message', (from: string, raw: string) => {
    if (from !== channel) return
    let message: T | undefined
    try {
      message = opts.parse(JSON.parse(raw))
    } catch {
      message = undefined
    }
    if (message === undefined)
      return log.warn('collab.bus_bad_message', { channel, message: raw.slice(0, 200) })
    opts.onMessage(message)
  })
  return {
    async publish(message) {
      await ready
      await pub.publish(channel, JSON.stringify(message))
    },
    ready,
    async close() {
      sub.disconnect()
      pub.disconnect()
    },
  }
}
