import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join, resolve } from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context } from 'hono'
import { type Config, redisTarget } from '../schema/config.ts'
import type { AccessChange } from '../server/bus/accessBus.ts'
import type { AnnounceCalendars } from '../server/bus/calendarBus.ts'
import type { PublishCalendar } from '../server/calendar/publisher.ts'
import type { Connected, DB } from '../server/db/connect.ts'
import { openDatabase } from '../server/db/open.ts'
import { createLogger } from '../server/log.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { startPeriodic } from '../server/outbox/loop.ts'
import { createApi } from './app.ts'
import { rollStandingShifts } from './bookings/standingShifts.ts'
import { startExportWorker } from './gdpr/export/worker.ts'
import type { AppDeps } from './http/context.ts'
import { sharedSessionCache } from './http/sharedSessionCache.ts'
import { startRetentionJob } from './retention/job.ts'

export interface RunningServer {
  server: Server
  deps: AppDeps
  connected: Connected
  port: number
  close: () => Promise<void>
}

/**
 * The composition root of the HTTP side: database, mailer, API, built client files. The collab
 * server attaches to the same http.Server (see scripts/start.ts).
 */
export async function startHttpServer(
  config: Config,
  opts: {
    serveClient?: boolean
    onAccessChanged?: (change: AccessChange) => void
    publishCalendar?: PublishCalendar
    announceCalendars?: AnnounceCalendars
    /** The built client (default `dist/client`); tests point it at a directory of their own. */
    clientDir?: string
    /**
     * Seeds the demo into an empty embedded database (DEMO=1 on PGlite); true when it did. Passed
     * in by the entry points (scripts/): the seed composes the API's repositories and the
     * projections, so the API does not import it.
     */
    seedDemo?: (db: DB, opts: { filesDir: string }) => Promise<boolean>
  } = {},
): Promise<RunningServer> {
  const log = createLogger(config.logLevel)
  // The app creates the embedded database on first start and holds it while it runs.
  const connected = await openDatabase(config, { purpose: 'the Kotipiha app', create: true })
  if (
    config.demo &&
    connected.engine === 'pglite' &&
    opts.seedDemo &&
    (await opts.seedDemo(connected.db, { filesDir: config.filesDir }))
  ) {
    log.info('app.demo_seeded', { note: 'seeded the demo cooperatives (see README for accounts)' })
  }
  const listeners: Array<(change: AccessChange) => void> = []
  // Sessions, principals and /api/me answers are cached for a few seconds and forgotten on every
  // access or profile change: this process's own at once, other instances' over Redis. Several
  // API instances need REDIS_URL (as live revocation does); while its subscription is down the
  // cache serves nothing.
  const shared = sharedSessionCache(redisTarget(config), log)
  const sessionCache = shared.cache
  const deps: AppDeps = {
    config,
    db: connected.db,
    engine: connected.engine,
    mailer: createMailer(config.smtpUrl, log, { maxConnections: config.smtpMaxConnections }),
    log,
    sessionCache,
    onAccessChanged: (change) => {
      sessionCache.forget(change)
      opts.onAccessChanged?.(change)
      for (const l of listeners) l(change)
    },
    onProfileChanged: (change) => shared.profileChanged(change),
    publishCalendar: opts.publishCalendar,
    announceCalendars: opts.announceCalendars,
  }
  // The API's own app is the root (mounting it in another would wrap each of its handlers in
  // one more compose for its error handler, on every request): the client's files follow its
  // routes, which end in the JSON 404 for unknown /api paths.
  const root = createApi(deps)
  const clientDir = resolve(opts.clientDir ?? 'dist/client')
  if (opts.serveClient !== false && existsSync(clientDir)) {
    // Built files come with brotli and gzip copies (vite.config.ts). Hashed assets never change
    // under their name; the app shell must be revalidated so a new build is picked up.
    const cacheFor = (path: string, c: Context) =>
      c.header(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    const files = { root: clientDir, precompressed: true, onFound: cacheFor }
    root.use('/assets/*', serveStatic(files))
    root.use('*', serveStatic(files))
    // Client-side routes: any other GET that is not the API gets the app shell.
    root.get(
      '*',
      serveStatic({ path: join(clientDir, 'index.html'), precompressed: true, onFound: cacheFor }),
    )
  }
  const server = createServer(getRequestListener(root.fetch))
  const mailFlush = startPeriodic({
    name: 'mail.flush',
    log,
    run: () => deps.mailer.flush(deps.db),
    everyMs: 5000,
  })
  // Standing shifts keep their weeks booked ahead: soon after start, then every 6 hours. Any
  // number of API processes may run it (standingShifts.ts).
  const shifts = startPeriodic({
    name: 'bookings.standing_shifts',
    log,
    run: () => rollStandingShifts(deps),
    everyMs: 6 * 3_600_000,
    firstRunMs: 30_000,
  })
  // GDPR exports are prepared by whichever API process claims their outbox row first.
  const exportWorker = startExportWorker({
    db: deps.db,
    mailer: deps.mailer,
    filesDir: config.filesDir,
    publicUrl: config.publicUrl,
  })
  // Retention and expired export zips: daily, in every API process (job.ts takes turns per org).
  const stopRetention = startRetentionJob({ db: deps.db, filesDir: config.filesDir })
  await new Promise<void>((ok) => server.listen(config.port, ok))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  return {
    server,
    deps,
    connected,
    port,
    close: async () => {
      await mailFlush.stop()
      deps.mailer.close()
      await shifts.stop()
      stopRetention()
      await exportWorker.stop()
      await new Promise<void>((ok) => server.close(() => ok()))
      await shared.close()
      await connected.close()
    },
  }
}
