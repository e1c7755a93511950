import { describe, expect, it, vi } from 'vitest'
import { createApi } from '../api/app.ts'
import {
  bookingWorld,
  createResource,
  helsinki,
  plusMinutes,
  resident,
  type World,
} from '../api/bookings/testWorld.ts'
import type { TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { notifyDrained, storedInbox } from '../collab-server/notifications/testInbox.ts'
import { ENGINES, useCollabServer } from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import { jsonb } from '../server/db/json.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { addMembership, createUser } from '../server/test/factories.ts'

describe.each(ENGINES)('booking notifications on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  /** The API on the collab suite's database, so the notifier there sees what it commits. */
  function api(): TestContext {
    const deps = {
      config: loadConfig({ DEMO: '1', PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' }),
      db: db(),
      engine: suite.connected.engine,
      mailer: createMailer(undefined),
      onAccessChanged: () => undefined,
    }
    return {
      connected: suite.connected,
      deps,
      app: createApi(deps),
      accessChanges: [],
      close: async () => {},
    }
  }

  async function world() {
    const t = api()
    const w = await bookingWorld(t)
    const resource = await createResource(w)
    const alice = await resident(db(), w.orgId, w.buildingId)
    // Alice's flatmate: a resident of the same apartment.
    const flatmate = await createUser(db())
    await addMembership(db(), w.orgId, flatmate.id, 'resident', { apartmentId: alice.apartmentId })
    const bob = await resident(db(), w.orgId, w.buildingId)
    const elsewhere = await bookingWorld(t)
    const stranger = await resident(db(), elsewhere.orgId, elsewhere.buildingId)
    return { t, w, resource, alice, flatmate, bob, stranger }
  }

  const book = (t: TestContext, token: string, w: World, body: Record<string, unknown>) =>
    client(t.app, token).post(`/api/bookings/orgs/${w.orgId}/bookings`, body)

  const bookingItems = async (userId: string) =>
    (await storedInbox(db(), userId)).filter((i) => i.kind.startsWith('booking_'))

  const settled = (bookingId: string) =>
    vi.waitFor(async () => expect(await notifyDrained(db(), [bookingId])).toBe(0), { timeout: 10_000 })

  it('confirms and cancels to the resident who booked, and to nobody else', async () => {
    const { t, w, resource, alice, flatmate, bob, stranger } = await world()
    const start = helsinki(3, '18:00')
    const res = await book(t, alice.token, w, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    expect(res.status).toBe(201)
    const { booking } = await res.json()
    await vi.waitFor(async () => expect(await bookingItems(alice.id)).toHaveLength(1), { timeout: 10_000 })
    const [confirmed] = await bookingItems(alice.id)
    expect(confirmed).toMatchObject({
      kind: 'booking_confirmed',
      orgId: w.orgId,
      link: `/org/${w.orgId}/bookings`,
      body: `${new Date(start).toISOString()}/${plusMinutes(start, 60)}`,
    })
    // A refused booking (the same slot: 409) notifies nobody.
    const refused = await book(t, bob.token, w, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(refused.status).toBe(409)

    const cancel = await client(t.app, alice.token).post(
      `/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`,
      {},
    )
    expect(cancel.status).toBe(200)
    await vi.waitFor(
      async () =>
        expect((await bookingItems(alice.id)).map((i) => i.kind)).toEqual([
          'booking_confirmed',
          'booking_cancelled',
        ]),
      { timeout: 10_000 },
    )
    await settled(booking.id)
    for (const other of [flatmate, bob, stranger, w.manager]) expect(await bookingItems(other.id)).toEqual([])
    // Booking mail is on by default.
    const mail = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', alice.email)
      .execute()
    expect(mail.map((m) => m.kind).sort()).toEqual(['notify.booking_cancelled', 'notify.booking_confirmed'])
  })

  it('staff booking on behalf of an apartment tells its residents, not the staff member; mail only if wanted', async () => {
    const { t, w, resource, alice, flatmate, bob } = await world()
    await db()
      .updateTable('users')
      .set({
        notification_prefs: jsonb({ booking: { portal: true, email: false, sms: false, letter: false } }),
      })
      .where('id', '=', flatmate.id)
      .execute()
    const start = helsinki(4, '10:00')
    const res = await book(t, w.manager.token, w, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
      apartmentId: alice.apartmentId,
    })
    expect(res.status).toBe(201)
    const { booking } = await res.json()
    await vi.waitFor(
      async () => {
        expect(await bookingItems(alice.id)).toHaveLength(1)
        expect(await bookingItems(flatmate.id)).toHaveLength(1)
      },
      { timeout: 10_000 },
    )
    await settled(booking.id)
    expect(await bookingItems(w.manager.id)).toEqual([])
    expect(await bookingItems(bob.id)).toEqual([])
    const mailTo = async (email: string) =>
      (await db().selectFrom('mail_outbox').select('kind').where('to_address', '=', email).execute()).map(
        (m) => m.kind,
      )
    expect(await mailTo(alice.email)).toEqual(['notify.booking_confirmed'])
    expect(await mailTo(flatmate.email)).toEqual([])
  })

  it('staff booking for no apartment (the cooperative itself) is confirmed to that staff member only', async () => {
    const { t, w, resource, alice } = await world()
    const start = helsinki(5, '12:00')
    const res = await book(t, w.manager.token, w, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(res.status).toBe(201)
    const { booking } = await res.json()
    expect(booking.apartmentId).toBeNull()
    await vi.waitFor(async () => expect(await bookingItems(w.manager.id)).toHaveLength(1), {
      timeout: 10_000,
    })
    await settled(booking.id)
    expect(await bookingItems(alice.id)).toEqual([])
  })
})
