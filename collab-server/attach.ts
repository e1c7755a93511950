import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { Redis as RedisExtension } from '@hocuspocus/extension-redis'
import { type Extension, Hocuspocus } from '@hocuspocus/server'
import { type WebSocket, WebSocketServer } from 'ws'
import { type Config, redisTarget } from '../schema/config.ts'
import { assignableIds } from '../server/access/assignable.ts'
import type { AccessChange } from '../server/bus/accessBus.ts'
import type { DB } from '../server/db/connect.ts'
import type { PausePoints } from '../server/docstore/pausePoints.ts'
import { serverWritesExtension } from '../server/docstore/serverWrites.ts'
import { createUpdateLog } from '../server/docstore/updateLog.ts'
import { createLogger, type Logger } from '../server/log.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { ARCHIVE_LIMITS, type ArchiveLimits } from '../server/threads/archive.ts'
import { startCalendarSubscriber } from './calendarSubscriber.ts'
import { coalesceQueued, connectionOf, readUpdateFrame } from './coalesce.ts'
import { type CommunicationsRelay, startCommunications } from './communications/relay.ts'
import type { CollabContext } from './context.ts'
import { authExtension } from './extensions/auth.ts'
import { calendarExtension } from './extensions/calendar.ts'
import { guardExtension } from './extensions/guard.ts'
import { hiddenTextExtension } from './extensions/hiddenText.ts'
import { limitsExtension } from './extensions/limits.ts'
import { persistenceExtension } from './extensions/persistence.ts'
import { presenceExtension } from './extensions/presence.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { startChatActivity } from './notifications/chatActivity.ts'
import { startDueReminders } from './notifications/dueReminders.ts'
import { startRoundActivity } from './notifications/roundActivity.ts'
import { startNotifier } from './notifier.ts'
import { ConnectionRegistry } from './registry.ts'
import { createRevoker } from './revocation.ts'

/**
 * Mounts the collab server at /collab on an existing HTTP server (the API's in `npm start`, its
 * own in `npm run start:collab`). We own the upgrade with `ws` so the frame cap (`maxPayload`)
 * applies before any byte reaches Hocuspocus.
 */
export const COLLAB_PATH = '/collab'

export interface CollabDeps {
  db: DB
  config: Config
  log?: Logger
}

export interface CollabOptions {
  /** Largest websocket frame accepted; larger frames close the socket with 1009. */
  maxFrameBytes?: number
  maxDocumentBytes?: number
  messagesPerSecond?: number
  messageBurst?: number
  maxConnectionsPerUser?: number
  /** Hocuspocus store debounce (compaction), ms. */
  debounceMs?: number
  maxDebounceMs?: number
  /** Extra origins whose session cookie is accepted (config.publicUrl always is). */
  allowedOrigins?: readonly string[]
  /** Thread archive thresholds (store/threadArchive.ts); tests lower them. */
  archive?: ArchiveLimits
  /** Test hook: holds the server inside compaction or an archive round (store/pausePoints.ts). */
  pause?: PausePoints['pause']
}

export interface Collab {
  hocuspocus: Hocuspocus<CollabContext>
  metrics: Metrics
  /** Re-authorises affected live connections on every instance; resolves once published/applied. */
  revoke(change: AccessChange): Promise<void>
  /** Resolves once this instance listens for access changes from API processes (Redis only). */
  accessListening: Promise<void>
  /** Resolves once this instance listens for calendar changes from API processes (Redis only). */
  calendarsListening: Promise<void>
  /** Resolves once this instance receives chat activity from the others (Redis only). */
  chatActivityListening: Promise<void>
  /** Resolves once this instance receives reading-round activity from the others (Redis only). */
  roundActivityListening: Promise<void>
  /** Communications: the delivery worker and its live signal (communications/relay.ts). */
  communications: CommunicationsRelay
  /** Closes every socket, stores every loaded document, and detaches from the HTTP server. */
  close(): Promise<void>
}

export const COLLAB_DEFAULTS = {
  maxFrameBytes: 256 * 1024,
  maxDocumentBytes: 8 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 300,
  maxConnectionsPerUser: 200,
  debounceMs: 2_000,
  maxDebounceMs: 10_000,
} as const

function toFetchRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    } catch {
      // a header Fetch refuses cannot matter to us
    }
  }
  return new Request(new URL(req.url ?? '/', 'http://collab.local'), { headers })
}

export function attachCollab(httpServer: HttpServer, deps: CollabDeps, options: CollabOptions = {}): Collab {
  const o = { ...COLLAB_DEFAULTS, ...options }
  const log = deps.log ?? createLogger(deps.config.logLevel)
  const metrics = createMetrics()
  const registry = new ConnectionRegistry()
  const updateLog = createUpdateLog(deps.db)
  const archive = o.archive ?? ARCHIVE_LIMITS
  const revoker = createRevoker({ db: deps.db, registry, log, metrics, redis: redisTarget(deps.config) })

  const extensions: Extension[] = [
    limitsExtension({ log, messagesPerSecond: o.messagesPerSecond, burst: o.messageBurst }),
    authExtension({
      db: deps.db,
      log,
      registry,
      allowedOrigins: [new URL(deps.config.publicUrl).origin, ...(o.allowedOrigins ?? [])],
      maxConnectionsPerUser: o.maxConnectionsPerUser,
    }),
    presenceExtension(registry, log),
    guardExtension({
      db: deps.db,
      log,
      metrics,
      maxDocumentBytes: o.maxDocumentBytes,
      settings: { archive },
      caseAssignable: (orgId, caseId) => assignableIds(deps.db, orgId, caseId),
    }),
    persistenceExtension({
      db: deps.db,
      log,
      metrics,
      updateLog,
      archive,
      maxDocumentBytes: o.maxDocumentBytes,
      pause: o.pause,
    }),
    serverWritesExtension(),
    hiddenTextExtension({ db: deps.db, log }),
    calendarExtension(deps.db),
  ]
  const redis = redisTarget(deps.config)
  if (redis) {
    const url = new URL(redis.url)
    extensions.push(
      new RedisExtension({
        host: url.hostname,
        port: Number(url.port || 6379),
        options: { password: url.password || undefined, db: Number(url.pathname.slice(1) || 0) },
        prefix: `${redis.prefix}:collab`,
      }),
    )
  }

  const hocuspocus = new Hocuspocus<CollabContext>({
    name: 'kotipiha-collab',
    quiet: true,
    debounce: o.debounceMs,
    maxDebounce: o.maxDebounceMs,
    extensions,
  })

  // Live inboxes: notify outbox rows → items in user/<id>/inbox (and mail per preference).
  // This mailer only enqueues into mail_outbox; delivery (SMTP) is the API process's flush
  // timer alone, so two processes never send one row twice.
  // Channel readers with the app open: a signal on their inbox connection (every instance).
  const chatActivity = startChatActivity({ db: deps.db, hocuspocus, log, redis })
  // Reading rounds' overseers with the app open: the same kind of signal (who has submitted).
  const roundActivity = startRoundActivity({ db: deps.db, hocuspocus, log, redis })
  const notifier = startNotifier({
    db: deps.db,
    hocuspocus,
    log,
    mailer: createMailer(undefined),
    publicUrl: deps.config.publicUrl,
    onThreadMessages: chatActivity.channelChanged,
    onRoundChanged: roundActivity.roundChanged,
  })
  // Mass communications and announcements: deliveries and the live signal on open inboxes.
  const communications = startCommunications({ db: deps.db, config: deps.config, hocuspocus, log })
  // Task due-date reminders: queued here for the notifier; safe with several instances.
  const reminders = startDueReminders({ db: deps.db, log })

  // Bookings made by an API in another process reach the watchers of loaded calendars.
  const calendars = redis ? startCalendarSubscriber({ db: deps.db, hocuspocus, log, redis }) : undefined

  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxFrameBytes, perMessageDeflate: false })
  const sockets = new Set<WebSocket>()

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== COLLAB_PATH) return
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const client = hocuspocus.handleConnection(ws, toFetchRequest(req))
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return ws.close(1003, 'binary frames only')
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
        const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        client.handleMessage(frame)
        // Queued behind an update of the same document: one commit for both (coalesce.ts).
        const update = readUpdateFrame(frame)
        if (update) coalesceQueued(connectionOf(client, update.key), frame)
      })
      ws.on('close', (code, reason) => {
        sockets.delete(ws)
        client.handleClose({ code, reason: reason.toString() })
      })
      ws.on('error', (error) => log.warn('collab.socket_error', { error: error.message }))
    })
  }
  httpServer.on('upgrade', onUpgrade)

  return {
    hocuspocus,
    metrics,
    revoke: (change) => revoker.revoke(change),
    accessListening: revoker.ready,
    calendarsListening: calendars?.ready ?? Promise.resolve(),
    chatActivityListening: chatActivity.ready,
    roundActivityListening: roundActivity.ready,
    communications,
    async close() {
      httpServer.off('upgrade', onUpgrade)
      // Each step gets a deadline: a step that does not end is logged by name and shutdown goes
      // on (a clean-clone run once spent 180 s in this close on Postgres without saying where).
      const step = (name: string, work: Promise<unknown> | undefined) =>
        boundedStep(name, work ?? Promise.resolve(), CLOSE_STEP_MS, log)
      await step('calendars', calendars?.close())
      await step('reminders', reminders.stop())
      await step('notifier', notifier.stop())
      await step('communications', communications.close())
      await step('chatActivity', chatActivity.close())
      await step('roundActivity', roundActivity.close())
      for (const ws of sockets) ws.close(1001, 'server shutting down')
      hocuspocus.closeConnections()
      hocuspocus.flushPendingStores()
      const deadline = Date.now() + 10_000
      while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        hocuspocus.flushPendingStores()
      }
      await step('updateLog', updateLog.drain())
      await step('onDestroy', hocuspocus.hooks('onDestroy', { instance: hocuspocus }))
      await step('revoker', revoker.close())
      wss.close()
    },
  }
}

/** How long one shutdown step may take before it is logged and left behind. */
const CLOSE_STEP_MS = 15_000

async function boundedStep(name: string, work: Promise<unknown>, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), ms)
  })
  try {
    if ((await Promise.race([work, stalled])) === 'stalled')
      log.error('collab.close_stalled', { step: name, waitedMs: ms })
  } finally {
    clearTimeout(timer)
  }
}
