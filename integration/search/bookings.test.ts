import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bookingWorld,
  createResource,
  helsinki,
  plusMinutes,
  resident,
} from '../../api/bookings/testWorld.ts'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { reindex } from '../../indexer/reindex.ts'
import { bookingWhen } from '../../indexer/sources/bookings.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { type SearchWorld, startSearchWorld } from './world.ts'

/**
 * Bookings through GET /api/search: the booker, the people of the booked apartment and the staff
 * who manage bookings find a booking; another resident of the same cooperative (whose calendar
 * shows the slot only as booked), a board member and anyone of another organisation do not. A
 * cancelled booking leaves the index; a reindex brings back only the confirmed ones.
 */
describe.each(ENGINES)('search of bookings on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  })
  afterAll(() => w.close())

  async function world() {
    const db = w.db
    const place = await bookingWorld(w.t)
    const resource = await createResource(place)
    const booker = await resident(db, place.orgId, place.buildingId)
    const flatmate = await createUser(db)
    await addMembership(db, place.orgId, flatmate.id, 'resident', { apartmentId: booker.apartmentId })
    const away = await managedCooperative(db)
    const users = {
      booker,
      flatmate: { ...flatmate, token: await signIn(db, flatmate.id) },
      neighbour: await resident(db, place.orgId, place.buildingId),
      board: await member(db, place.orgId, 'board_member'),
      manager: place.manager,
      mgmtStaff: await member(db, place.mgmt.id, 'property_manager'),
      stranger: await member(db, away.coop.id, 'org_admin'),
      strangerResident: await resident(db, away.coop.id, away.buildingId),
    }
    const word = letters('saunavuoro', 8)
    const start = helsinki(3, '18:00')
    const end = plusMinutes(start, 60)
    const res = await client(w.app, booker.token).post(`/api/bookings/orgs/${place.orgId}/bookings`, {
      resourceId: resource.id,
      start,
      end,
      note: `Perhesauna ${word}`,
    })
    expect(res.status).toBe(201)
    const booking = (await res.json()).booking as { id: string }
    return { place, users, word, booking, start, end }
  }
  type World = Awaited<ReturnType<typeof world>>
  type User = keyof World['users']

  const search = async (token: string, q: string) => {
    const res = await client(w.app, token).get(`/api/search?q=${encodeURIComponent(q)}&types=booking`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: { type: string; orgId: string; url: string; title: string }[] })
      .results
  }

  async function expectFinders(wd: World, allowed: User[]) {
    await eventually(async () => expect(await search(wd.users.booker.token, wd.word)).toHaveLength(1))
    for (const user of Object.keys(wd.users) as User[]) {
      const results = await search(wd.users[user].token, wd.word)
      expect(results.length > 0, `${user} searching the booking`).toBe(allowed.includes(user))
      for (const r of results) expect(r.orgId).toBe(wd.place.orgId)
    }
  }

  it('the booker, the apartment and booking staff find it; other residents and organisations do not', async () => {
    const wd = await world()
    await expectFinders(wd, ['booker', 'flatmate', 'manager', 'mgmtStaff'])
    const [hit] = await search(wd.users.flatmate.token, wd.word)
    expect(hit?.type).toBe('booking')
    expect(hit?.url).toBe(`/org/${wd.place.orgId}/bookings`)
    expect(hit?.title).toContain(bookingWhen(new Date(wd.start), new Date(wd.end)))
    expect(hit?.title).toMatch(/^Sauna.* · [a-z]{2} \d{1,2}\.\d{1,2}\. 18:00–19:00$/)
    // The booker's apartment number is in the text: staff find the booking by it, the neighbour not.
    await eventually(async () =>
      expect(await search(wd.users.manager.token, wd.users.booker.apartmentNumber)).toHaveLength(1),
    )
    expect(await search(wd.users.neighbour.token, wd.users.booker.apartmentNumber)).toEqual([])
    // Asking for another cooperative explicitly is a 404, as everywhere.
    const res = await client(w.app, wd.users.stranger.token).get(
      `/api/search?q=${wd.word}&org=${wd.place.orgId}`,
    )
    expect(res.status).toBe(404)
  })

  it('follows the people of the apartment', async () => {
    const wd = await world()
    await eventually(async () => expect(await search(wd.users.flatmate.token, wd.word)).toHaveLength(1))
    // The neighbour moves into the booked apartment: they now find it, within 2 s.
    await w.db
      .updateTable('memberships')
      .set({ apartment_id: wd.users.booker.apartmentId })
      .where('user_id', '=', wd.users.neighbour.id)
      .execute()
    await eventually(async () => expect(await search(wd.users.neighbour.token, wd.word)).toHaveLength(1), {
      timeoutMs: 2000,
    })
  })

  it('a cancelled booking is gone within 2 s', async () => {
    const wd = await world()
    await eventually(async () => expect(await search(wd.users.manager.token, wd.word)).toHaveLength(1))
    const cancelled = await client(w.app, wd.users.booker.token).post(
      `/api/bookings/orgs/${wd.place.orgId}/bookings/${wd.booking.id}/cancel`,
    )
    expect(cancelled.status).toBe(200)
    await eventually(async () => expect(await search(wd.users.manager.token, wd.word)).toEqual([]), {
      timeoutMs: 2000,
    })
    expect(await search(wd.users.booker.token, wd.word)).toEqual([])
  })

  it('a reindex from the tables brings back confirmed bookings only', async () => {
    const wd = await world()
    const gone = await world()
    await client(w.app, gone.users.booker.token).post(
      `/api/bookings/orgs/${gone.place.orgId}/bookings/${gone.booking.id}/cancel`,
    )
    await eventually(async () => expect(await search(wd.users.booker.token, wd.word)).toHaveLength(1))
    await w.stopIndexers()
    const summary = await reindex({ db: w.db, config: w.config, types: ['booking'] })
    expect(summary.map((s) => s.type)).toEqual(['booking'])
    expect(summary[0]?.indexed).toBeGreaterThan(0)
    expect(await search(wd.users.booker.token, wd.word)).toHaveLength(1)
    expect(await search(wd.users.flatmate.token, wd.word)).toHaveLength(1)
    expect(await search(wd.users.manager.token, wd.word)).toHaveLength(1)
    expect(await search(wd.users.neighbour.token, wd.word)).toEqual([])
    expect(await search(wd.users.stranger.token, wd.word)).toEqual([])
    expect(await search(gone.users.manager.token, gone.word)).toEqual([])
    await w.indexer({ pollMs: 25 })
  })
})
