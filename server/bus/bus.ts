import { Redis } from 'ioredis'
import type { Logger } from '../log.ts'
import { BUS_CHANNELS, type BusChannel, type BusMessage } from './channels.ts'

/**
 * The one bus: a channel declared in channels.ts over Redis pub/sub, or a direct call when there
 * is no Redis (one process). `publish` reaches `onMessage` on every instance subscribed, this one
 * included. A bus without `onMessage` only publishes (an API process announcing to collab
 * instances) and opens no subscriber connection. Messages are JSON checked by the channel's zod
 * schema on both ends; one that does not fit is logged and dropped by the receiver.
 */
export interface Bus<C extends BusChannel> {
  publish(message: BusMessage<C>): Promise<void>
  /** Resolves once this instance receives messages (tests wait for it before publishing). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function createBus<C extends BusChannel>(
  channel: C,
  opts: { redisUrl: string | undefined; log: Logger; onMessage?: (message: BusMessage<C>) => void },
): Bus<C> {
  const { name, message: schema } = BUS_CHANNELS[channel]
  const { log, onMessage } = opts
  if (!opts.redisUrl) {
    return {
      publish: async (message) => onMessage?.(schema.parse(message) as BusMessage<C>),
      ready: Promise.resolve(),
      close: async () => {},
    }
  }
  const pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 })
  const sub = onMessage ? new Redis(opts.redisUrl) : null
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
