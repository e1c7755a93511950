import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { range } from '../../server/bookings/repository.ts'
import { addDays as addDaysIso } from '../../server/bookings/time.ts'
import { member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { rollStandingShifts } from './standingShifts.ts'
import {
  addApartment,
  bookingWorld,
  createResource,
  EVENINGS,
  helsinki,
  nextDstSunday,
  plusMinutes,
  resident,
  type World,
} from './testWorld.ts'

describe.each(ENGINES)('bookings on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const book = (token: string, orgId: string, body: Record<string, unknown>) =>
    client(t.app, token).post(`/api/bookings/orgs/${orgId}/bookings`, body)
  const stored = (resourceId: string) =>
    t.deps.db
      .selectFrom('bookings')
      .select(['id', 'apartment_id'])
      .where('resource_id', '=', resourceId)
      .where('status', '=', 'confirmed')
      .execute()

  async function setup(rules: Record<string, unknown> = {}) {
    const w = await bookingWorld(t)
    const resource = await createResource(w, rules)
    const alice = await resident(t.deps.db, w.orgId, w.buildingId)
    const bob = await resident(t.deps.db, w.orgId, w.buildingId)
    return { w, resource, alice, bob }
  }

  /** Staff set up a standing weekly shift, by default from tomorrow on its weekday, 19–20. */
  const firstDay = () => helsinki(1, '12:00').slice(0, 10)
  const standingShift = (w: World, body: Record<string, unknown>) => {
    const day = firstDay()
    return w.staff.post(`/api/bookings/orgs/${w.orgId}/standing-shifts`, {
      weekday: new Date(`${day}T12:00:00Z`).getUTCDay() || 7,
      startTime: '19:00',
      durationMinutes: 60,
      validFrom: day,
      ...body,
    })
  }

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

  it('refuses each broken rule with 422 and its code over HTTP', async () => {
    const { w, resource, alice } = await setup({
      mode: 'free',
      gridMinutes: 30,
      minMinutes: 60,
      maxMinutes: 120,
      openingHours: EVENINGS,
      leadMinMinutes: 60,
      leadMaxDays: 14,
      cancelCutoffMinutes: 24 * 60,
    })
    const rule = async (body: Record<string, unknown>, token = alice.token) => {
      const res = await book(token, w.orgId, { resourceId: resource.id, ...body })
      return res.status === 422 ? (await res.json()).error.details?.rule : res.status
    }
    const s = helsinki(3, '17:00')
    expect(await rule({ start: s, end: plusMinutes(s, 30) })).toBe('duration')
    expect(await rule({ start: helsinki(3, '12:00'), end: helsinki(3, '13:00') })).toBe(
      'outside_opening_hours',
    )
    expect(await rule({ start: helsinki(3, '17:10'), end: helsinki(3, '18:10') })).toBe('off_grid')
    expect(await rule({ start: helsinki(20, '17:00'), end: helsinki(20, '18:00') })).toBe('too_early')
    expect(await rule({ start: helsinki(-1, '17:00'), end: helsinki(-1, '18:00') })).toBe('too_late')
    const blackout = await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
      start: helsinki(4, '16:00'),
      end: helsinki(4, '22:00'),
      reason: 'Heater service',
    })
    expect(blackout.status).toBe(201)
    expect(await rule({ start: helsinki(4, '17:00'), end: helsinki(4, '18:00') })).toBe('blackout')
    // Staff override skips the rules but never the overlap.
    expect(
      await rule({ start: helsinki(4, '17:00'), end: helsinki(4, '18:00'), override: true }, alice.token),
    ).toBe(403)
    expect(
      await rule({ start: helsinki(4, '17:00'), end: helsinki(4, '18:00'), override: true }, w.manager.token),
    ).toBe(201)
    // A resident with no apartment on their membership cannot book; a building resource is for its building.
    const unscoped = await member(t.deps.db, w.orgId, 'resident')
    expect(await rule({ start: s, end: plusMinutes(s, 60) }, unscoped.token)).toBe('no_apartment')
    const other = await t.deps.db
      .insertInto('buildings')
      .values({ org_id: w.orgId, name: 'B' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const patched = await w.staff.patch(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}`, {
      buildingId: other.id,
    })
    expect(patched.status).toBe(200)
    expect(await rule({ start: s, end: plusMinutes(s, 60) })).toBe('wrong_building')
    const neighbour = await resident(t.deps.db, w.orgId, other.id)
    expect(await rule({ start: s, end: plusMinutes(s, 60) }, neighbour.token)).toBe(201)
    // Passing: a valid 90-minute booking.
    await w.staff.patch(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}`, { buildingId: null })
    const ok = await book(alice.token, w.orgId, {
      resourceId: resource.id,
      start: helsinki(5, '18:30'),
      end: helsinki(5, '20:00'),
    })
    expect(ok.status).toBe(201)
    // Cancel cutoff is 24 h: a booking three days ahead may be cancelled, one within a day not.
    const { booking } = await ok.json()
    expect(
      (await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`))
        .status,
    ).toBe(200)
    // A PATCH of one rule leaves the others as they were (the cutoff stays 24 h).
    await w.staff.patch(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}`, { leadMinMinutes: 0 })
    const listed = await (await w.staff.get(`/api/bookings/orgs/${w.orgId}`)).json()
    const stored = listed.resources.find((r: { id: string }) => r.id === resource.id)
    expect(stored).toMatchObject({ leadMinMinutes: 0, leadMaxDays: 14, cancelCutoffMinutes: 24 * 60 })
    // Failing: with a one-week cutoff, a booking five days ahead can no longer be cancelled by
    // the resident (whatever the time of day the test runs); staff may cancel at any time.
    await w.staff.patch(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}`, {
      cancelCutoffMinutes: 7 * 24 * 60,
    })
    const again = await book(alice.token, w.orgId, {
      resourceId: resource.id,
      start: helsinki(5, '18:30'),
      end: helsinki(5, '20:00'),
    })
    expect(again.status).toBe(201)
    const late = (await again.json()).booking
    const cancel = await client(t.app, alice.token).post(
      `/api/bookings/orgs/${w.orgId}/bookings/${late.id}/cancel`,
    )
    expect(cancel.status).toBe(422)
    expect((await cancel.json()).error.details.rule).toBe('cancel_cutoff')
    expect((await w.staff.post(`/api/bookings/orgs/${w.orgId}/bookings/${late.id}/cancel`)).status).toBe(200)
    // An inactive resource cannot be booked.
    await w.staff.patch(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}`, { active: false })
    expect(await rule({ start: helsinki(6, '18:00'), end: helsinki(6, '19:00') })).toBe('resource_inactive')
  })

  it('daylight saving: bookings on the last Sundays of March and October keep Helsinki wall-clock time', async () => {
    const { w, resource, alice } = await setup()
    for (const [date, offset, hours] of [
      [nextDstSunday(3), '+03:00', 23],
      [nextDstSunday(10), '+02:00', 25],
    ] as const) {
      const start = `${date}T18:00:00${offset}`
      const res = await book(alice.token, w.orgId, {
        resourceId: resource.id,
        start,
        end: `${date}T19:00:00${offset}`,
      })
      expect(res.status).toBe(201)
      const { booking } = await res.json()
      expect(booking.start).toBe(new Date(start).toISOString())
      const avail = await (
        await client(t.app, alice.token).get(
          `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?week=${date}`,
        )
      ).json()
      const day = avail.days.find((d: { date: string }) => d.date === date)
      expect(day.cells).toHaveLength(hours)
      const taken = day.cells.filter((c: { status: string }) => c.status === 'taken')
      expect(taken).toEqual([
        expect.objectContaining({
          start: booking.start,
          booking: expect.objectContaining({ mine: true, id: booking.id }),
        }),
      ])
      await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings/${booking.id}/cancel`)
    }
  })

  it('availability from a day: seven days starting on it (the page opens on today, not Monday)', async () => {
    const { w, resource, alice } = await setup()
    const start = helsinki(3, '20:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const from = start.slice(0, 10)
    const avail = await (
      await client(t.app, alice.token).get(
        `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=${from}`,
      )
    ).json()
    expect(avail.week).toBe(from)
    expect(avail.days.map((d: { date: string }) => d.date)).toHaveLength(7)
    expect(avail.days[0].date).toBe(from)
    const cell = avail.days[0].cells.find((c: { start: string }) => c.start === new Date(start).toISOString())
    expect(cell).toMatchObject({ status: 'taken', booking: { mine: true } })
    // A bad date is refused like any other input.
    const bad = await client(t.app, alice.token).get(
      `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=6.12.2026`,
    )
    expect(bad.status).toBe(422)
  })

  it('availability over 1 to 42 days (the day and month views); more is refused', async () => {
    const { w, resource, alice } = await setup()
    const from = helsinki(1, '12:00').slice(0, 10)
    const get = (days: number) =>
      client(t.app, alice.token).get(
        `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=${from}&days=${days}`,
      )
    const dates = async (days: number) =>
      ((await (await get(days)).json()).days as Array<{ date: string }>).map((d) => d.date)
    expect(await dates(1)).toEqual([from])
    const month = await dates(42)
    expect(month).toHaveLength(42)
    expect(month[41]).toBe(addDaysIso(from, 41))
    expect((await get(43)).status).toBe(422)
    expect((await get(0)).status).toBe(422)
  })

  it('the overview names the closed periods of the coming two weeks to every member, without the reason', async () => {
    const { w, resource, alice } = await setup()
    const closed = { start: helsinki(2, '08:00'), end: helsinki(2, '16:00') }
    await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
      ...closed,
      reason: 'Heater service',
    })
    await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
      start: helsinki(40, '08:00'),
      end: helsinki(40, '16:00'),
      reason: 'Far ahead',
    })
    const overview = await (await client(t.app, alice.token).get(`/api/bookings/orgs/${w.orgId}`)).json()
    expect(overview.closed).toEqual([
      {
        resourceId: resource.id,
        start: new Date(closed.start).toISOString(),
        end: new Date(closed.end).toISOString(),
      },
    ])
  })

  it('availability: residents see "taken" and their own; staff see who', async () => {
    const { w, resource, alice, bob } = await setup()
    const start = helsinki(3, '20:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const cellFor = async (token: string) => {
      const a = await (
        await client(t.app, token).get(
          `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?week=${start.slice(0, 10)}`,
        )
      ).json()
      return a.days
        .flatMap((d: { cells: unknown[] }) => d.cells)
        .find((c: { start: string }) => c.start === new Date(start).toISOString())
    }
    expect((await cellFor(bob.token)).booking).toEqual({ id: null, mine: false })
    expect((await cellFor(alice.token)).booking).toMatchObject({ mine: true })
    expect((await cellFor(alice.token)).booking.apartment).toBeUndefined()
    expect((await cellFor(w.manager.token)).booking).toMatchObject({
      apartment: alice.apartmentNumber,
      bookedBy: alice.name,
    })
  })

  it('staff book on behalf of an apartment; standing weekly shifts become bookings and end with their bookings', async () => {
    const { w, resource, alice, bob } = await setup({ openingHours: EVENINGS })
    const start = helsinki(2, '16:00')
    const onBehalf = await book(w.manager.token, w.orgId, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
      apartmentId: bob.apartmentId,
    })
    expect(onBehalf.status).toBe(201)
    expect((await onBehalf.json()).booking.apartmentId).toBe(bob.apartmentId)
    // A resident cannot book for someone else's apartment.
    expect(
      (
        await book(alice.token, w.orgId, {
          resourceId: resource.id,
          start: helsinki(2, '17:00'),
          end: helsinki(2, '18:00'),
          apartmentId: bob.apartmentId,
        })
      ).status,
    ).toBe(403)

    // One week collides with a booking that already exists.
    const clash = helsinki(8, '19:00')
    expect(
      (await book(bob.token, w.orgId, { resourceId: resource.id, start: clash, end: plusMinutes(clash, 60) }))
        .status,
    ).toBe(201)
    const shift = await standingShift(w, {
      resourceId: resource.id,
      apartmentId: alice.apartmentId,
      weeks: 4,
    })
    const weekday = new Date(`${firstDay()}T12:00:00Z`).getUTCDay() || 7
    expect(shift.status).toBe(201)
    const body = await shift.json()
    expect(body.created).toBe(3)
    expect(body.conflicts).toEqual([{ start: new Date(clash).toISOString(), end: plusMinutes(clash, 60) }])
    const list = await (await w.staff.get(`/api/bookings/orgs/${w.orgId}/standing-shifts`)).json()
    expect(list.shifts).toEqual([
      expect.objectContaining({ apartmentId: alice.apartmentId, weekday, startTime: '19:00' }),
    ])
    const mine = await (await client(t.app, alice.token).get(`/api/bookings/mine`)).json()
    expect(
      mine.bookings.filter((b: { standingShiftId: string | null }) => b.standingShiftId === body.shift.id),
    ).toHaveLength(3)
    const ended = await w.staff.delete(`/api/bookings/orgs/${w.orgId}/standing-shifts/${body.shift.id}`)
    expect(await ended.json()).toEqual({ ok: true, cancelled: 3 })
    expect((await (await client(t.app, alice.token).get(`/api/bookings/mine`)).json()).bookings).toHaveLength(
      0,
    )
  })

  it('standing shifts roll forward: new weeks are booked as time passes, nothing else', async () => {
    const { w, resource, alice, bob } = await setup({ openingHours: EVENINGS })
    const shiftOf = async (extra: Record<string, unknown>) => {
      const res = await standingShift(w, {
        resourceId: resource.id,
        apartmentId: alice.apartmentId,
        weeks: 2,
        ...extra,
      })
      expect(res.status).toBe(201)
      return (await res.json()) as { shift: { id: string }; created: number }
    }
    const shift = await shiftOf({})
    expect(shift.created).toBe(2)
    const occurrences = () =>
      t.deps.db
        .selectFrom('bookings')
        .select(['status', sql<string>`to_char(lower(during), 'YYYY-MM-DD')`.as('day')])
        .where('standing_shift_id', '=', shift.shift.id)
        .orderBy('during')
        .execute()
    // Alice cancels the second week; Bob already has the fourth week's slot.
    await t.deps.db
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('standing_shift_id', '=', shift.shift.id)
      .where(sql<boolean>`lower(during) > ${new Date(helsinki(5, '12:00'))}`)
      .execute()
    const clash = helsinki(22, '19:00')
    expect(
      (await book(bob.token, w.orgId, { resourceId: resource.id, start: clash, end: plusMinutes(clash, 60) }))
        .status,
    ).toBe(201)

    // Not yet due: nothing happens.
    expect(await rollStandingShifts(t.deps, { orgId: w.orgId })).toMatchObject({ created: 0 })
    // Two weeks later, two new weeks are within the two-week horizon: the third is booked, the
    // fourth collides with Bob's and is skipped; the cancelled second week stays cancelled.
    const later = Date.now() + 14 * 86_400_000
    expect(await rollStandingShifts(t.deps, { orgId: w.orgId, now: later })).toEqual({
      shifts: 1,
      created: 1,
      conflicts: 1,
    })
    expect((await occurrences()).map((o) => o.status)).toEqual(['confirmed', 'cancelled', 'confirmed'])
    // Again at the same time: nothing new (the collided week is not tried again either).
    expect(await rollStandingShifts(t.deps, { orgId: w.orgId, now: later })).toMatchObject({ created: 0 })
    // An ended shift, and one past its end date, never roll.
    const short = await shiftOf({ validUntil: addDaysIso(firstDay(), 7), startTime: '20:00' })
    expect(short.created).toBe(2)
    await w.staff.delete(`/api/bookings/orgs/${w.orgId}/standing-shifts/${shift.shift.id}`)
    const muchLater = Date.now() + 60 * 86_400_000
    expect(await rollStandingShifts(t.deps, { orgId: w.orgId, now: muchLater })).toMatchObject({ created: 0 })
  })

  it('ICS feed of my bookings behind a secret, revocable URL', async () => {
    const { w, resource, alice } = await setup()
    const start = helsinki(3, '18:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const created = await client(t.app, alice.token).post('/api/bookings/feed-token')
    expect(created.status).toBe(201)
    const { url } = await created.json()
    const path = new URL(url).pathname
    const feed = await t.app.request(`http://localhost:3000${path}`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toContain('text/calendar')
    const text = await feed.text()
    expect(text).toContain('BEGIN:VCALENDAR')
    expect(text).toContain(`DTSTART:${new Date(start).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`)
    // A new URL revokes the old; revoking leaves none.
    const second = (await (await client(t.app, alice.token).post('/api/bookings/feed-token')).json()).url
    expect((await t.app.request(`http://localhost:3000${path}`)).status).toBe(404)
    expect((await t.app.request(`http://localhost:3000${new URL(second).pathname}`)).status).toBe(200)
    expect((await client(t.app, alice.token).delete('/api/bookings/feed-token')).status).toBe(200)
    expect((await t.app.request(`http://localhost:3000${new URL(second).pathname}`)).status).toBe(404)
  })

  it('an apartment added later is bookable at once (factories sanity)', async () => {
    const w: World = await bookingWorld(t)
    const apt = await addApartment(t.deps.db, w.orgId, w.buildingId)
    expect(apt.id).toMatch(/-/)
  })
})
