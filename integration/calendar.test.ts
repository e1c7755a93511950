import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createApi } from '../api/app.ts'
import { bookingWorld, createResource, helsinki, plusMinutes, resident } from '../api/bookings/testWorld.ts'
import type { AppDeps } from '../api/http/context.ts'
import type { TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
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
import { directConnectionWriter } from '../server/calendar/publisher.ts'
import type { Connected } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { createOrg, member } from '../server/test/factories.ts'

/**
 * Calendar documents end to end: bookings through the real API (publishing through the real
 * collab server's direct connection) reach real providers; clients cannot write; outsiders
 * cannot open.
 */
const clients: TestClient[] = []
const open = (...args: Parameters<typeof openClient>) => {
  const c = openClient(...args)
  clients.push(c)
  return c
}

describe.each(ENGINES)('calendar documents on %s', (engine) => {
  let connected: Connected
  let server: TestCollab
  let t: TestContext

  beforeAll(async () => {
    connected = await connectTestDb(engine)
    server = await startCollab(connected.db)
    const deps: AppDeps = {
      config: loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' }),
      db: connected.db,
      engine: connected.engine,
      mailer: createMailer(undefined),
      onAccessChanged: () => {},
      publishCalendar: directConnectionWriter(server.collab.hocuspocus),
    }
    t = { connected, deps, app: createApi(deps), accessChanges: [], close: async () => {} }
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.close()
    await connected.close()
  })

  const db = () => connected.db
  const serverDoc = (name: string) => server.collab.hocuspocus.documents.get(name)

  async function fixture() {
    const w = await bookingWorld(t)
    const sauna = await createResource(w)
    const name = docName('calendar', w.orgId, sauna.id)
    const alice = await resident(db(), w.orgId, w.buildingId)
    const bob = await resident(db(), w.orgId, w.buildingId)
    return { w, sauna, name, alice, bob }
  }

  async function watch(name: string, sessionToken: string) {
    const c = open(server.url, name, { token: await tokenFor(db(), sessionToken) })
    await vi.waitFor(() => expect(c.provider.isSynced).toBe(true))
    return c
  }

  it('shows a booking made through the API to every watcher at once, and frees it on cancel', async () => {
    const f = await fixture()
    const watcher = await watch(f.name, f.bob.token)
    expect(watcher.events.authenticated).toEqual(['readonly'])
    expect(readTaken(takenMap(watcher.doc))).toEqual([])

    const start = helsinki(2, '18:00')
    const end = plusMinutes(start, 60)
    const res = await client(t.app, f.alice.token).post(`/api/bookings/orgs/${f.w.orgId}/bookings`, {
      resourceId: f.sauna.id,
      start,
      end,
    })
    expect(res.status).toBe(201)
    const { booking } = await res.json()
    const interval = { start: new Date(start).toISOString(), end: new Date(end).toISOString() }
    await vi.waitFor(() => expect(readTaken(takenMap(watcher.doc))).toEqual([interval]))
    // Only what every member may see: no booking id, apartment or person.
    const json = JSON.stringify(takenMap(watcher.doc).toJSON())
    for (const secret of [booking.id, f.alice.apartmentId, f.alice.apartmentNumber, f.alice.id]) {
      expect(json).not.toContain(secret)
    }

    const cancel = await client(t.app, f.alice.token).post(
      `/api/bookings/orgs/${f.w.orgId}/bookings/${booking.id}/cancel`,
    )
    expect(cancel.status).toBe(200)
    await vi.waitFor(() => expect(readTaken(takenMap(watcher.doc))).toEqual([]))
  })

  it('is durable: a booking is in the stored document after the server unloads it', async () => {
    const f = await fixture()
    const start = helsinki(3, '10:00')
    const res = await client(t.app, f.alice.token).post(`/api/bookings/orgs/${f.w.orgId}/bookings`, {
      resourceId: f.sauna.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(res.status).toBe(201)
    await vi.waitFor(() => expect(serverDoc(f.name)).toBeUndefined())
    const late = await watch(f.name, f.bob.token)
    expect(readTaken(takenMap(late.doc)).map((i) => i.start)).toEqual([new Date(start).toISOString()])
  })

  it('reconciles with the database when loaded: bookings made while nothing published are there', async () => {
    const f = await fixture()
    const silent = createApi({ ...t.deps, publishCalendar: undefined })
    const start = helsinki(6, '09:00')
    const res = await client(silent, f.alice.token).post(`/api/bookings/orgs/${f.w.orgId}/bookings`, {
      resourceId: f.sauna.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(res.status).toBe(201)
    expect(serverDoc(f.name)).toBeUndefined()
    const first = await watch(f.name, f.bob.token)
    expect(readTaken(takenMap(first.doc)).map((i) => i.start)).toEqual([new Date(start).toISOString()])
  })

  it('shows bookings of a linked resource (one heater) as taken', async () => {
    const f = await fixture()
    const second = await createResource(f.w)
    const link = await f.w.staff.post(`/api/bookings/orgs/${f.w.orgId}/links`, {
      name: 'Heater',
      resourceIds: [f.sauna.id, second.id],
    })
    expect(link.status).toBe(201)
    const watcher = await watch(docName('calendar', f.w.orgId, second.id), f.bob.token)
    const start = helsinki(4, '19:00')
    const res = await client(t.app, f.alice.token).post(`/api/bookings/orgs/${f.w.orgId}/bookings`, {
      resourceId: f.sauna.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(res.status).toBe(201)
    await vi.waitFor(() => expect(readTaken(takenMap(watcher.doc))).toHaveLength(1))
  })

  for (const role of ['resident', 'property_manager'] as const) {
    it(`refuses a crafted plain-Yjs update from a ${role} and changes nothing`, async () => {
      const f = await fixture()
      const start = helsinki(2, '20:00')
      await client(t.app, f.alice.token).post(`/api/bookings/orgs/${f.w.orgId}/bookings`, {
        resourceId: f.sauna.id,
        start,
        end: plusMinutes(start, 60),
      })
      const who =
        role === 'resident' ? f.bob.token : (await member(db(), f.w.orgId, 'property_manager')).token
      const attacker = await watch(f.name, who)
      const watcher = await watch(f.name, f.alice.token)
      await vi.waitFor(() => expect(readTaken(takenMap(watcher.doc))).toHaveLength(1))
      const before = Y.encodeStateAsUpdate(serverDoc(f.name)!)
      const logBefore = await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', f.name)
        .execute()

      // Free the taken slot and take another, as one raw update.
      const forged = new Y.Doc()
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(attacker.doc))
      const sv = Y.encodeStateVector(forged)
      const map = takenMap(forged)
      for (const key of [...map.keys()]) map.delete(key)
      const fake = helsinki(5, '12:00')
      map.set(`${fake}/${plusMinutes(fake, 60)}`, { start: fake, end: plusMinutes(fake, 60) })
      Y.applyUpdate(attacker.doc, Y.encodeStateAsUpdate(forged, sv))

      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(Y.encodeStateAsUpdate(serverDoc(f.name)!)).toEqual(before)
      const logAfter = await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', f.name)
        .execute()
      expect(logAfter.length).toBe(logBefore.length)
      expect(readTaken(takenMap(watcher.doc)).map((i) => i.start)).toEqual([new Date(start).toISOString()])
    })
  }

  it('refuses a member of another organisation, whatever organisation the name carries', async () => {
    const f = await fixture()
    const other = await createOrg(db())
    const outsider = await member(db(), other.id, 'board_member')
    const token = () => tokenFor(db(), outsider.token)
    const right = open(server.url, f.name, { token: await token() })
    await vi.waitFor(() => expect(right.events.denied).toEqual(['forbidden']))
    const own = open(server.url, docName('calendar', other.id, f.sauna.id), { token: await token() })
    await vi.waitFor(() => expect(own.events.denied).toEqual(['not_found']))
    expect(right.doc.share.size + own.doc.share.size).toBe(0)
  })
})
