import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  AvailabilityQuery,
  BookingCreateBody,
  MyBookingsQuery,
  OrgBookingParams,
  OrgParam,
  OrgResourceParams,
} from '../../schema/api/bookings.ts'
import { NEXT_FREE_HORIZON_DAYS } from '../../schema/bookingNextFree.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { bookingAbilitiesIn } from '../../schema/policy.ts'
import {
  apartmentsOf,
  bookingsQuery,
  closedPeriodsIn,
  findResource,
  listResources,
  toBookingView,
} from '../../server/bookings/repository.ts'
import { publishCalendars } from '../../server/calendar/publisher.ts'
import type { AppEnv } from '../http/context.ts'
import { readerLanguage } from '../http/language.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { apartmentsIn, authorizeBookings, isBookingStaff } from './access.ts'
import { weekAvailability } from './availability.ts'
import { createBooking } from './bookingCreator.ts'
import { categoriesIn } from './categories.ts'
import { feedRoutes, feedTokenRoutes } from './feedRoutes.ts'
import { manageRoutes } from './manageRoutes.ts'
import { myBookings } from './mine.ts'
import { queueBookingNotice } from './notify.ts'
import { checkCancel, violation } from './rules.ts'

const DAY = 86_400_000

/** /api/bookings: resources and their rules, availability, booking, cancelling, my bookings. */
export const bookingRoutes = new Hono<AppEnv>()
// The ICS feed is authorised by its secret URL token, not a session.
bookingRoutes.route('/feed', feedRoutes)
bookingRoutes.use(requireAuth)
bookingRoutes.route('/', feedTokenRoutes)
bookingRoutes.route('/', manageRoutes)

bookingRoutes.get(
  '/orgs/:orgId',
  describeRoute({ summary: 'Bookable resources of an organisation with their rules', tags: ['bookings'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.read')
    const { db } = c.get('deps')
    const [categories, quotaGroups, resources, links, mine] = await Promise.all([
      categoriesIn(db, org.id, await readerLanguage(c)),
      db
        .selectFrom('booking_quota_groups')
        .select(['id', 'name', 'max_active as maxActive'])
        .where('org_id', '=', org.id)
        .orderBy('name')
        .execute(),
      listResources(db, org.id),
      db
        .selectFrom('booking_units as u')
        .innerJoin('booking_unit_resources as ur', 'ur.unit_id', 'u.id')
        .select(['u.id', 'u.name', 'ur.resource_id'])
        .where('u.org_id', '=', org.id)
        .execute(),
      apartmentsIn(c.get('principal'), org.id),
    ])
    // Closed periods over the "next free" line's horizon (schema/bookingNextFree.ts).
    const now = Date.now()
    const closed = await closedPeriodsIn(db, org.id, {
      start: now,
      end: now + (NEXT_FREE_HORIZON_DAYS + 2) * DAY,
    })
    const apartments = mine.length
      ? await db
          .selectFrom('apartments')
          .select(['id', 'number'])
          .where('id', 'in', mine)
          .orderBy('number')
          .execute()
      : []
    const staff = isBookingStaff(c, org)
    const unitMap = new Map<string, { id: string; name: string; resourceIds: string[] }>()
    for (const l of links) {
      const unit = unitMap.get(l.id) ?? { id: l.id, name: l.name, resourceIds: [] }
      unit.resourceIds.push(l.resource_id)
      unitMap.set(l.id, unit)
    }
    return c.json({
      abilities: bookingAbilitiesIn(c.get('principal'), org),
      categories,
      quotaGroups,
      resources: resources.filter((r) => staff || r.active),
      links: [...unitMap.values()],
      myApartments: apartments,
      closed,
    })
  },
)

bookingRoutes.get(
  '/orgs/:orgId/resources/:resourceId/availability',
  describeRoute({
    summary: 'Free and taken cells of one week or 1–42 days (Europe/Helsinki)',
    tags: ['bookings'],
  }),
  valid('param', OrgResourceParams),
  valid('query', AvailabilityQuery),
  async (c) => {
    const { orgId, resourceId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.read')
    const { db } = c.get('deps')
    const resource = await findResource(db, org.id, resourceId)
    if (!resource) throw notFound('The resource')
    const viewer = {
      userId: c.get('session').userId,
      apartmentIds: apartmentsIn(c.get('principal'), org.id),
      staff: isBookingStaff(c, org),
    }
    const { week, days } = await weekAvailability(db, resource, {
      week: c.req.valid('query').week,
      from: c.req.valid('query').from,
      days: c.req.valid('query').days,
      now: Date.now(),
      viewer,
    })
    return c.json({ resource, week, days })
  },
)

bookingRoutes.post(
  '/orgs/:orgId/bookings',
  describeRoute({
    summary: 'Book: 201 confirmed, 409 booking_conflict, 422 booking_rule',
    tags: ['bookings'],
  }),
  valid('param', OrgParam),
  valid('json', BookingCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.create')
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const userId = c.get('session').userId
    const staff = isBookingStaff(c, org)
    if (body.override && !staff) throw new AppError('forbidden', 'Only staff may override the rules.')
    const resource = await findResource(db, org.id, body.resourceId)
    if (!resource) throw notFound('The resource')
    const apartmentId = await bookingApartment(
      staff,
      body.apartmentId,
      await apartmentsOf(db, userId, org.id),
    )
    const now = Date.now()
    const { id } = await createBooking(db, {
      resource,
      want: { start: Date.parse(body.start), end: Date.parse(body.end) },
      apartmentId,
      bookedBy: userId,
      note: body.note,
      enforceRules: !body.override,
      now,
    })
    // Every watching client sees the slot taken before the booker gets the answer.
    await publishCalendars(c.get('deps'), org.id, [resource.id])
    const row = await bookingsQuery(db).where('b.id', '=', id).executeTakeFirstOrThrow()
    return c.json({ booking: toBookingView(row) }, 201)
  },
)

/** Staff book for any apartment or none; others for one of their own apartments. */
async function bookingApartment(
  staff: boolean,
  asked: string | null | undefined,
  own: readonly string[],
): Promise<string | null> {
  if (staff) return asked ?? null
  if (asked) {
    if (!own.includes(asked)) throw new AppError('forbidden', 'You can book only for your own apartment.')
    return asked
  }
  if (own.length === 1) return own[0] ?? null
  throw violation(
    'no_apartment',
    own.length === 0
      ? 'Bookings are made for an apartment, and your membership is not linked to one.'
      : 'Choose which of your apartments the booking is for.',
  )
}

bookingRoutes.post(
  '/orgs/:orgId/bookings/:bookingId/cancel',
  describeRoute({
    summary: 'Cancel a booking: your own before the cutoff, or any as staff',
    tags: ['bookings'],
  }),
  valid('param', OrgBookingParams),
  async (c) => {
    const { orgId, bookingId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.create')
    const { db } = c.get('deps')
    const userId = c.get('session').userId
    const staff = isBookingStaff(c, org)
    const booking = await db
      .selectFrom('bookings as b')
      .innerJoin('booking_resources as r', 'r.id', 'b.resource_id')
      .select([
        'b.id',
        'b.resource_id',
        'b.apartment_id',
        'b.booked_by',
        'b.status',
        'r.cancel_cutoff_minutes',
      ])
      .select(sql<Date>`lower(b.during)`.as('start'))
      .where('b.id', '=', bookingId)
      .where('b.org_id', '=', org.id)
      .executeTakeFirst()
    const own = await apartmentsOf(db, userId, org.id)
    const mine =
      booking &&
      (booking.booked_by === userId || (booking.apartment_id !== null && own.includes(booking.apartment_id)))
    // Someone else's booking does not exist for a resident.
    if (!booking || !(mine || staff)) throw notFound('The booking')
    if (booking.status !== 'confirmed') throw new AppError('conflict', 'The booking is already cancelled.')
    if (!staff) {
      const late = checkCancel(
        { cancelCutoffMinutes: booking.cancel_cutoff_minutes },
        new Date(booking.start).getTime(),
        Date.now(),
      )
      if (late) throw violation(late.rule, late.message)
    }
    await db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('bookings')
        .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: userId })
        .where('id', '=', booking.id)
        .where('status', '=', 'confirmed')
        .executeTakeFirst()
      if (Number(done.numUpdatedRows) !== 1)
        throw new AppError('conflict', 'The booking is already cancelled.')
      await queueBookingNotice(trx, 'booking_cancelled', { id: booking.id, orgId: org.id }, userId)
    })
    await publishCalendars(c.get('deps'), org.id, [booking.resource_id])
    return c.json({ ok: true })
  },
)

bookingRoutes.get(
  '/mine',
  describeRoute({ summary: "My bookings: my apartments' and those I made without one", tags: ['bookings'] }),
  valid('query', MyBookingsQuery),
  async (c) => {
    const { orgId, past } = c.req.valid('query')
    const { db } = c.get('deps')
    return c.json({ bookings: await myBookings(db, c.get('principal'), { orgId, past: past === '1' }) })
  },
)
