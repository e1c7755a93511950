import { DateTime } from 'luxon'
import { BOOKING_TIME_ZONE, type OpeningHours } from '../../schema/bookings.ts'
import type { DB } from '../../server/db/connect.ts'
import {
  addMembership,
  createUser,
  managedCooperative,
  member,
  signIn,
  unique,
} from '../../server/test/factories.ts'
import type { TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/** Test fixtures for bookings: a cooperative with staff, apartments and residents, built per test. */

export const ALL_DAY: OpeningHours = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]),
)
export const EVENINGS: OpeningHours = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['16:00', '22:00']]]),
)

export async function addApartment(db: DB, orgId: string, buildingId: string) {
  return db
    .insertInto('apartments')
    .values({
      org_id: orgId,
      building_id: buildingId,
      staircase_id: null,
      number: unique('B'),
      area_m2: 40,
      share_count: 400,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow()
}

/** A resident whose membership is scoped to their own (new) apartment. */
export async function resident(db: DB, orgId: string, buildingId: string) {
  const apartment = await addApartment(db, orgId, buildingId)
  const user = await createUser(db)
  await addMembership(db, orgId, user.id, 'resident', { apartmentId: apartment.id })
  return {
    ...user,
    apartmentId: apartment.id,
    apartmentNumber: apartment.number,
    token: await signIn(db, user.id),
  }
}

export async function bookingWorld(t: TestContext) {
  const db = t.deps.db
  const place = await managedCooperative(db)
  const manager = await member(db, place.coop.id, 'property_manager')
  const staff = client(t.app, manager.token)
  const category = await (
    await staff.post(`/api/bookings/orgs/${place.coop.id}/categories`, { name: 'Sauna' })
  ).json()
  return { ...place, orgId: place.coop.id, manager, staff, categoryId: category.category.id as string }
}

export type World = Awaited<ReturnType<typeof bookingWorld>>

export async function createResource(w: World, rules: Record<string, unknown> = {}) {
  const res = await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources`, {
    name: unique('Sauna'),
    categoryId: w.categoryId,
    mode: 'slots',
    gridMinutes: 60,
    minMinutes: 60,
    maxMinutes: 60,
    openingHours: ALL_DAY,
    leadMaxDays: 730,
    ...rules,
  })
  if (res.status !== 201) throw new Error(`resource: ${res.status} ${await res.text()}`)
  return (await res.json()).resource as { id: string }
}

/** A Helsinki wall-clock time `days` from today as an ISO instant. */
export function helsinki(days: number, clock: string): string {
  const [h, m] = clock.split(':').map(Number) as [number, number]
  return DateTime.now()
    .setZone(BOOKING_TIME_ZONE)
    .startOf('day')
    .plus({ days })
    .set({ hour: h, minute: m })
    .toUTC()
    .toISO() as string
}

export const plusMinutes = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString()

/** The last Sunday of `month` (3 or 10) in the next year it lies ahead of today. */
export function nextDstSunday(month: 3 | 10): string {
  const today = DateTime.now().setZone(BOOKING_TIME_ZONE)
  for (let year = today.year; ; year++) {
    const last = DateTime.fromObject({ year, month, day: 1 }, { zone: BOOKING_TIME_ZONE }).endOf('month')
    const sunday = last.minus({ days: last.weekday % 7 })
    if (sunday > today.plus({ days: 2 })) return sunday.toISODate() as string
  }
}

/**
 * The shortcuts of the bookings tests, over the describe block's app (`ctx`, set in its
 * beforeAll): book as someone, the confirmed bookings of a resource, a world with one resource
 * and two residents, and a standing weekly shift set up by staff.
 */
export function bookingShortcuts(ctx: () => TestContext) {
  const book = (token: string, orgId: string, body: Record<string, unknown>) =>
    client(ctx().app, token).post(`/api/bookings/orgs/${orgId}/bookings`, body)
  const stored = (resourceId: string) =>
    ctx()
      .deps.db.selectFrom('bookings')
      .select(['id', 'apartment_id'])
      .where('resource_id', '=', resourceId)
      .where('status', '=', 'confirmed')
      .execute()

  async function setup(rules: Record<string, unknown> = {}) {
    const t = ctx()
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
  return { book, stored, setup, firstDay, standingShift }
}
