import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { range } from '../../server/bookings/repository.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import {
  addApartment,
  bookingShortcuts,
  bookingWorld,
  createResource,
  helsinki,
  plusMinutes,
  resident,
  type World,
} from './testWorld.ts'

/**
 * The booking transaction over HTTP and in the database: a free slot, a taken one with its
 * alternatives, cancelling, the exclusion constraint, linked resources, and races that must leave
 * exactly one booking or stay within a quota.
 */
describe.each(ENGINES)('bookings on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const { book, stored, setup } = bookingShortcuts(() => t)

  it('books a free slot: 201 confirmed; the same slot again: 409 with the nearest free alternatives', async () => {
    const { w, resource, alice, bob } = await setup()
    const start = helsinki(3, '18:00')
    const res = await book(alice.token, w.orgId, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(res.status).toBe(201)
    const { booking } = await res.json()
    expect(booking).toMatchObject({
      status: 'confirmed',
      apartmentId: alice.apartmentId,
      start: new Date(start).toISOString(),
    })

    const again = await book(bob.token, w.orgId, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
    })
    expect(again.status).toBe(409)
    const body = await again.json()
    expect(body.error.code).toBe('booking_conflict')
    const alternatives = body.error.details.alternatives as { start: string }[]
    expect(alternatives).toHaveLength(3)
    expect(alternatives.map((a) => a.start)).toEqual(
      expect.arrayContaining([plusMinutes(start, -60), plusMinutes(start, 60)]),
    )
    expect(await stored(resource.id)).toHaveLength(1)
  })

  it('cancel then rebook: the freed slot can be booked by someone else', async () => {
    const { w, resource, alice, bob } = await setup()
    const start = helsinki(2, '19:00')
    const slot = { resourceId: resource.id, start, end: plusMinutes(start, 60) }
    const { booking } = await (await book(alice.token, w.orgId, slot)).json()
    expect((await book(bob.token, w.orgId, slot)).status).toBe(409)
    // Bob cannot cancel Alice's booking: for him it does not exist.
    expect(
      (await client(t.app, bob.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`))
        .status,
    ).toBe(404)
    expect(
      (await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`))
        .status,
    ).toBe(200)
    expect(
      (await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`))
        .status,
    ).toBe(409)
    expect((await book(bob.token, w.orgId, slot)).status).toBe(201)
    expect(await stored(resource.id)).toEqual([expect.objectContaining({ apartment_id: bob.apartmentId })])
  })

  it('the exclusion constraint refuses an overlapping confirmed booking written directly in SQL', async () => {
    const { w, resource, alice, bob } = await setup()
    const s = Date.parse(helsinki(5, '10:00'))
    const insert = (
      apartmentId: string,
      from: number,
      minutes: number,
      status: 'confirmed' | 'cancelled' = 'confirmed',
    ) =>
      t.deps.db
        .insertInto('bookings')
        .values({
          org_id: w.orgId,
          resource_id: resource.id,
          apartment_id: apartmentId,
          booked_by: null,
          during: range({ start: from, end: from + minutes * 60_000 }),
          status,
          cancelled_at: status === 'cancelled' ? new Date() : null,
          standing_shift_id: null,
        })
        .execute()
    await insert(alice.apartmentId, s, 60)
    await expect(insert(bob.apartmentId, s + 30 * 60_000, 60)).rejects.toMatchObject({ code: '23P01' })
    // Touching is not overlapping ([start, end)); a cancelled row does not count.
    await insert(bob.apartmentId, s + 60 * 60_000, 60)
    await insert(bob.apartmentId, s, 60, 'cancelled')
    expect(await stored(resource.id)).toHaveLength(2)
  })

  it('linked resources (two saunas, one heater): a booking of one blocks the other, in the database too', async () => {
    const { w, alice, bob } = await setup()
    const a = await createResource(w)
    const b = await createResource(w)
    const start = helsinki(4, '20:00')
    // An overlap that already exists refuses the link.
    expect(
      (await book(alice.token, w.orgId, { resourceId: a.id, start, end: plusMinutes(start, 60) })).status,
    ).toBe(201)
    expect(
      (await book(bob.token, w.orgId, { resourceId: b.id, start, end: plusMinutes(start, 60) })).status,
    ).toBe(201)
    const refused = await w.staff.post(`/api/bookings/orgs/${w.orgId}/links`, {
      name: 'Heater',
      resourceIds: [a.id, b.id],
    })
    expect(refused.status).toBe(409)
    const bobs = await stored(b.id)
    await client(t.app, bob.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${bobs[0]!.id}/cancel`)
    const link = await w.staff.post(`/api/bookings/orgs/${w.orgId}/links`, {
      name: 'Heater',
      resourceIds: [a.id, b.id],
    })
    expect(link.status).toBe(201)

    // Now sauna B is taken whenever sauna A is.
    const blocked = await book(bob.token, w.orgId, { resourceId: b.id, start, end: plusMinutes(start, 60) })
    expect(blocked.status).toBe(409)
    const next = plusMinutes(start, 60)
    expect(
      (await book(bob.token, w.orgId, { resourceId: b.id, start: next, end: plusMinutes(next, 60) })).status,
    ).toBe(201)
    // Availability of B shows A's booking as taken (linked).
    const week = new Date(start).toISOString().slice(0, 10)
    const avail = await (
      await client(t.app, bob.token).get(
        `/api/bookings/orgs/${w.orgId}/resources/${b.id}/availability?week=${week}`,
      )
    ).json()
    const cell = avail.days
      .flatMap((d: { cells: { start: string; status: string; booking?: { linked?: boolean } }[] }) => d.cells)
      .find((c: { start: string }) => c.start === new Date(start).toISOString())
    expect(cell).toMatchObject({ status: 'taken', booking: { linked: true, mine: false, id: null } })

    // The guarantee is the database's: a raw insert into B over A's booking fails on the unit claim.
    await expect(
      t.deps.db
        .insertInto('bookings')
        .values({
          org_id: w.orgId,
          resource_id: b.id,
          apartment_id: bob.apartmentId,
          booked_by: null,
          during: range({ start: Date.parse(start) + 15 * 60_000, end: Date.parse(start) + 45 * 60_000 }),
          standing_shift_id: null,
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' })
    // Cancelling A's booking releases the heater for B.
    const as = await stored(a.id)
    await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${as[0]!.id}/cancel`)
    expect(
      (await book(bob.token, w.orgId, { resourceId: b.id, start, end: plusMinutes(start, 60) })).status,
    ).toBe(201)
  })

  it('race: 50 apartments request one slot at once → exactly one 201, 49 409, one row stored', async () => {
    const { w, resource } = await setup()
    const people = await Promise.all(
      Array.from({ length: 50 }, () => resident(t.deps.db, w.orgId, w.buildingId)),
    )
    const start = helsinki(6, '17:00')
    const results = await Promise.all(
      people.map((p) =>
        book(p.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const rows = await t.deps.db
      .selectFrom('bookings')
      .select('id')
      .where('resource_id', '=', resource.id)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('quota race: one apartment firing 10 requests at once never exceeds its quota of 2', async () => {
    const w = await bookingWorld(t)
    const group = await (
      await w.staff.post(`/api/bookings/orgs/${w.orgId}/quota-groups`, { name: 'Laundry', maxActive: 2 })
    ).json()
    const r1 = await createResource(w, { quotaGroupId: group.quotaGroup.id })
    const r2 = await createResource(w, { quotaGroupId: group.quotaGroup.id })
    const alice = await resident(t.deps.db, w.orgId, w.buildingId)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const start = helsinki(2 + i, '10:00')
        return book(alice.token, w.orgId, {
          resourceId: i % 2 ? r1.id : r2.id,
          start,
          end: plusMinutes(start, 60),
        })
      }),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(2)
    expect(statuses.filter((s) => s === 422)).toHaveLength(8)
    for (const r of results.filter((r) => r.status === 422))
      expect((await r.json()).error.details.rule).toBe('quota_reached')
    const active = await t.deps.db
      .selectFrom('bookings')
      .select(sql<string>`count(*)`.as('n'))
      .where('apartment_id', '=', alice.apartmentId)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow()
    expect(Number(active.n)).toBe(2)
    // A cancelled booking frees a place in the quota.
    const mine = await (await client(t.app, alice.token).get(`/api/bookings/mine?orgId=${w.orgId}`)).json()
    expect(mine.bookings).toHaveLength(2)
    await client(t.app, alice.token).post(
      `/api/bookings/orgs/${w.orgId}/bookings/${mine.bookings[0].id}/cancel`,
    )
    const start = helsinki(20, '10:00')
    expect(
      (await book(alice.token, w.orgId, { resourceId: r1.id, start, end: plusMinutes(start, 60) })).status,
    ).toBe(201)
  })

  it('an apartment added later is bookable at once (factories sanity)', async () => {
    const w: World = await bookingWorld(t)
    const apt = await addApartment(t.deps.db, w.orgId, w.buildingId)
    expect(apt.id).toMatch(/-/)
  })
})
