import { loadConfigOrExit } from '../scripts/lib/config.ts'
import { redisCalendarAnnouncer } from './bookings/calendarBus.ts'
import { startHttpServer } from './server.ts'

// The API alone (production: run several behind a load balancer; the collab server separately).
const config = loadConfigOrExit()
// The collab server runs elsewhere: booking changes reach its live calendars over Redis.
const calendars = config.redisUrl ? redisCalendarAnnouncer(config.redisUrl) : undefined
if (!calendars) console.warn('[kotipiha] REDIS_URL unset: calendars update on their next load, not live')
const running = await startHttpServer(config, { serveClient: false, announceCalendars: calendars?.announce })
console.log(`[kotipiha] api listening on :${running.port} (${running.deps.engine})`)
