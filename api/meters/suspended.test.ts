import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../app.ts'
import { createSessionCache } from '../http/sessionCache.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { meterWorld } from './testWorld.ts'

/**
 * Issue 19: the meter and booking checks read the organisation's row from the session cache
 * (`orgRefOf`), not from the database on every request. A suspension still ends access at once:
 * it announces an `org` access change, which empties the cached rows (as api/httpServer.ts wires
 * the cache; sessionCache.test.ts proves the same across instances).
 */
describe.each(ENGINES)('meters and bookings of a suspended cooperative on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('are refused on the very next request, the row cached before', async () => {
    const w = await meterWorld(t.deps.db)
    const cache = createSessionCache()
    const app = createApi({
      ...t.deps,
      sessionCache: cache,
      onAccessChanged: (change) => {
        t.deps.onAccessChanged(change)
        cache.forget(change)
      },
    })
    const paths = [`/api/meters/${w.coop.id}`, `/api/bookings/orgs/${w.coop.id}`]
    for (const path of paths) {
      expect((await client(app, w.resident.token).get(path)).status).toBe(200)
      expect((await client(app, w.manager.token).get(path)).status).toBe(200)
    }
    const suspended = await client(app, w.orgAdmin.token).put(`/api/orgs/${w.coop.id}/status`, {
      status: 'suspended',
      reason: 'Maksamattomat laskut',
    })
    expect(suspended.status).toBe(200)
    for (const path of paths) {
      expect((await client(app, w.resident.token).get(path)).status).toBe(404)
      expect((await client(app, w.manager.token).get(path)).status).toBe(404)
    }
  })
})
