import { startHttpServer } from '../api/httpServer.ts'
import { redisTarget } from '../schema/config.ts'
import { redisAccessAnnouncer } from '../server/bus/accessBus.ts'
import { redisCalendarAnnouncer } from '../server/bus/calendarBus.ts'
import { createLogger } from '../server/log.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { seedDemo } from './seed/demo.ts'

// The API alone (production: run several behind a load balancer; the collab server separately).
const config = loadConfigOrExit()
const log = createLogger(config.logLevel)
// The collab server runs elsewhere: booking changes reach its live calendars over Redis.
const redis = redisTarget(config)
const calendars = redis ? redisCalendarAnnouncer(redis) : undefined
if (!calendars) log.warn('api.no_redis', { effect: 'calendars update on their next load, not live' })
// ... and so do access changes: a removed member's open documents close at once.
const access = redis ? redisAccessAnnouncer(redis) : undefined
if (!access) log.warn('api.no_redis', { effect: 'access changes reach open documents on reconnect only' })
const running = await startHttpServer(config, {
  serveClient: false,
  seedDemo,
  announceCalendars: calendars?.announce,
  onAccessChanged: (change) =>
    void access?.announce(change).catch((error: unknown) => {
      log.error('api.access_announce_failed', { change, error: String(error) })
    }),
})
log.info('api.listening', { port: running.port, engine: running.deps.engine })
