import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays as addDaysIso } from '../../server/bookings/time.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { rollStandingShifts } from './standingShifts.ts'
import { bookingShortcuts, EVENINGS, helsinki, plusMinutes } from './testWorld.ts'

/**
 * Staff booking on behalf of an apartment, and standing weekly shifts: booked ahead with their
 * conflicts reported, rolled forward as time passes, ended with their bookings.
 */
describe.each(ENGINES)('standing shifts on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const { book, setup, firstDay, standingShift } = bookingShortcuts(() => t)

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
})
