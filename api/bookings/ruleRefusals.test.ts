import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { bookingShortcuts, EVENINGS, helsinki, nextDstSunday, plusMinutes, resident } from './testWorld.ts'

/**
 * Every broken booking rule refused over HTTP with 422 and its code, and bookings across the
 * daylight-saving changes keeping Helsinki wall-clock time. The rules themselves: rules.test.ts.
 */
describe.each(ENGINES)('booking rules over HTTP on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const { book, setup } = bookingShortcuts(() => t)

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
})
