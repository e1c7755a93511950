import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApi } from '../api/app.ts'
import { bookingWorld, createResource, helsinki, plusMinutes, resident } from '../api/bookings/testWorld.ts'
import type { AppDeps } from '../api/http/context.ts'
import type { TestContext } from '../api/test/harness.ts'
import {
  connectTestDb,
  ENGINES,
  openClient,
  startCollab,
  type TestClient,
  type TestCollab,
  tokenFor,
} from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import { readTaken, takenMap } from '../schema/docs/calendar.ts'
import { docName } from '../schema/docs/names.ts'
import { type CalendarAnnouncer, redisCalendarAnnouncer } from '../server/bus/calendarBus.ts'
import type { Connected } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { testRedis, testRedisEnv } from '../server/test/redis.ts'

/** PGlite runs every migration at start; on a loaded 2-core machine that can pass 60 s. */
const SLOW_START = 180_000

/**
 * `npm run start:api` + `npm run start:collab`: the API server has no collab server in its
 * process, so it announces "calendar of X changed" over a real Redis and the collab server
 * rebuilds the document from the bookings table. The two are separate HTTP servers; they share
 * only the database (as two processes share Postgres) and Redis.
 */
const clients: TestClient[] = []

async function listen(deps: AppDeps): Promise<{ server: Server; url: string }> {
  const server = createServer(getRequestListener(createApi(deps).fetch))
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** A browser-like call over the network (same-origin headers for the CSRF guard). */
function http(base: string, token: string, path: string, body: unknown) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      origin: 'http://localhost:3000',
      'content-type': 'application/json',
      cookie: `kp_session=${token}`,
    },
    body: JSON.stringify(body),
  })
}

describe.each(ENGINES)(
  'live calendars over Redis with the API and collab as separate servers on %s',
  (engine) => {
    let connected: Connected
    let collab: TestCollab
    let announcer: CalendarAnnouncer
    let api: { server: Server; url: string }
    let silentApi: { server: Server; url: string }
    let t: TestContext

    beforeAll(async () => {
      connected = await connectTestDb(engine)
      collab = await startCollab(connected.db, {}, testRedisEnv())
      await collab.collab.calendarsListening
      announcer = redisCalendarAnnouncer(testRedis())
      const deps: AppDeps = {
        config: loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', ...testRedisEnv() }),
        db: connected.db,
        engine: connected.engine,
        mailer: createMailer(undefined),
        onAccessChanged: () => {},
        announceCalendars: announcer.announce,
      }
      api = await listen(deps)
      // The same API without the announcer: what start:api did before (control).
      silentApi = await listen({ ...deps, announceCalendars: undefined })
      t = { connected, deps, app: createApi(deps), accessChanges: [], close: async () => {} }
    }, SLOW_START)
    afterAll(async () => {
      for (const c of clients.splice(0)) c.destroy()
      for (const s of [api?.server, silentApi?.server]) {
        if (!s) continue
        s.closeAllConnections()
        await new Promise<void>((ok) => s.close(() => ok()))
      }
      await announcer?.close()
      await collab?.close()
      await connected?.close()
    })

    async function fixture() {
      const w = await bookingWorld(t)
      const sauna = await createResource(w)
      const alice = await resident(connected.db, w.orgId, w.buildingId)
      const bob = await resident(connected.db, w.orgId, w.buildingId)
      const watcher = openClient(collab.url, docName('calendar', w.orgId, sauna.id), {
        token: await tokenFor(connected.db, bob.token),
      })
      clients.push(watcher)
      await vi.waitFor(() => expect(watcher.provider.isSynced).toBe(true))
      return { w, sauna, alice, watcher, taken: () => readTaken(takenMap(watcher.doc)) }
    }

    it("a watcher on the collab server sees a booking made through the API server's HTTP, and its cancel", async () => {
      const f = await fixture()
      expect(f.taken()).toEqual([])
      const start = helsinki(2, '18:00')
      const end = plusMinutes(start, 60)
      const res = await http(api.url, f.alice.token, `/api/bookings/orgs/${f.w.orgId}/bookings`, {
        resourceId: f.sauna.id,
        start,
        end,
      })
      expect(res.status).toBe(201)
      const { booking } = await res.json()
      const interval = { start: new Date(start).toISOString(), end: new Date(end).toISOString() }
      await vi.waitFor(() => expect(f.taken()).toEqual([interval]), { timeout: 3000 })

      const cancel = await http(
        api.url,
        f.alice.token,
        `/api/bookings/orgs/${f.w.orgId}/bookings/${booking.id}/cancel`,
        {},
      )
      expect(cancel.status).toBe(200)
      await vi.waitFor(() => expect(f.taken()).toEqual([]), { timeout: 3000 })
    })

    it('without the announcement nothing arrives live; one message rebuilds the calendar from the table', async () => {
      const f = await fixture()
      const start = helsinki(3, '19:00')
      const res = await http(silentApi.url, f.alice.token, `/api/bookings/orgs/${f.w.orgId}/bookings`, {
        resourceId: f.sauna.id,
        start,
        end: plusMinutes(start, 60),
      })
      expect(res.status).toBe(201)
      await new Promise((ok) => setTimeout(ok, 400))
      expect(f.taken()).toEqual([])
      await announcer.announce(f.w.orgId, [f.sauna.id])
      await vi.waitFor(() => expect(f.taken().map((i) => i.start)).toEqual([new Date(start).toISOString()]), {
        timeout: 3000,
      })
    })
  },
)
