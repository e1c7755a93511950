import type { Hocuspocus } from '@hocuspocus/server'
import { type Config, redisTarget } from '../../schema/config.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { type Bus, createBus } from '../../server/bus/bus.ts'
import { createSmsSender } from '../../server/communications/sms.ts'
import { smsStatusUrl } from '../../server/communications/smsStatus.ts'
import {
  type CommunicationSignal,
  type CommunicationsWorker,
  createCommunicationsWorker,
} from '../../server/communications/worker.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import { createMailer } from '../../server/mail/mailer.ts'
import type { CollabContext } from '../context.ts'

/**
 * Communications in the collab process: the delivery worker (server/communications/worker.ts)
 * and the live signal. After portal deliveries go out, or an announcement starts, every instance
 * (one Redis channel, or a direct call) sends a stateless `communications` signal on the open
 * inbox connections concerned; the client then fetches its messages and announcements over HTTP,
 * where the server decides what it may see. The signal carries no text and no ids.
 */
export const STATELESS_TYPE = 'communications'

export interface CommunicationsRelay {
  worker: CommunicationsWorker
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function startCommunications(opts: {
  db: DB
  config: Config
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  pollMs?: number
}): CommunicationsRelay {
  const { hocuspocus, log } = opts
  const relayLocal = (signal: CommunicationSignal) => {
    const wanted = signal.type === 'messages' ? new Set(signal.userIds) : null
    const payload = JSON.stringify({ type: STATELESS_TYPE, what: signal.type })
    for (const [name, document] of hocuspocus.documents) {
      const parsed = parseDocName(name)
      if (!parsed.ok || parsed.doc.kind !== 'inbox' || document.getConnectionsCount() === 0) continue
      if (wanted && !wanted.has(parsed.doc.userId)) continue
      document.relayStateless(payload)
    }
  }
  const bus: Bus<'communications'> = createBus('communications', {
    redis: redisTarget(opts.config),
    log,
    onMessage: relayLocal,
  })
  const worker = createCommunicationsWorker({
    db: opts.db,
    // Enqueue only: the API process's flush timer alone speaks SMTP (as for the notifier).
    mailer: createMailer(undefined),
    sms: createSmsSender(opts.config.smsUrl, {
      // Delivery reports only where they can be received (and told apart from a forgery).
      ...(opts.config.smsStatusSecret
        ? { statusUrl: smsStatusUrl(opts.config.publicUrl, opts.config.smsStatusSecret) }
        : {}),
    }),
    filesDir: opts.config.filesDir,
    publicUrl: opts.config.publicUrl,
    log,
    signal: (s) => bus.publish(s),
    pollMs: opts.pollMs ?? 1000,
  })
  return {
    worker,
    ready: bus.ready,
    async close() {
      await worker.stop()
      await bus.close()
    },
  }
}
