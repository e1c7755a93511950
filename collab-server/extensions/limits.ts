import type { beforeHandleMessagePayload, Connection, Extension } from '@hocuspocus/server'
import { ERRORS } from '../../schema/errors.ts'
import type { Logger } from '../../server/log.ts'
import { framesIn } from '../coalesce.ts'
import { CollabRefusal } from '../context.ts'

/**
 * Per-connection message rate limit (a token bucket), keyed by the authenticated connection, never
 * by a client-supplied address header. Frame size is capped earlier, by ws `maxPayload`.
 */
export interface LimitsOptions {
  log: Logger
  messagesPerSecond: number
  burst: number
}

export function limitsExtension(opts: LimitsOptions): Extension {
  const buckets = new WeakMap<Connection, { tokens: number; at: number }>()
  return {
    extensionName: 'kotipiha-limits',
    priority: 300,
    async beforeHandleMessage({ connection, documentName, update }: beforeHandleMessagePayload) {
      // A frame merged from queued ones (coalesce.ts) costs what its parts would have.
      const cost = framesIn(update)
      const now = performance.now()
      const bucket = buckets.get(connection) ?? { tokens: opts.burst, at: now }
      bucket.tokens = Math.min(
        opts.burst,
        bucket.tokens + ((now - bucket.at) / 1000) * opts.messagesPerSecond,
      )
      bucket.at = now
      buckets.set(connection, bucket)
      if (bucket.tokens < cost) {
        opts.log.warn('collab.rate_limited', { doc: documentName })
        throw new CollabRefusal(ERRORS.rate_limited.close, 'rate_limited')
      }
      bucket.tokens -= cost
    },
  }
}
