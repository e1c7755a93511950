import { sql } from 'kysely'
import { AppError, notFound } from '../../schema/errors.ts'
import {
  blackoutsIn,
  EXCLUSION_VIOLATION,
  pgCode,
  type ResourceView,
  range,
} from '../../server/bookings/repository.ts'
import type { Span } from '../../server/bookings/time.ts'
import type { DB } from '../../server/db/connect.ts'
import { nearestFree } from './availability.ts'
import { queueBookingNotice } from './notify.ts'
import { checkTime, violation } from './rules.ts'

export interface BookingRequest {
  readonly resource: ResourceView
  readonly want: Span
  readonly apartmentId: string | null
  readonly bookedBy: string
  readonly note: string
  /** false for staff overrides and standing shifts: only the overlap still applies. */
  readonly enforceRules: boolean
  readonly standingShiftId?: string | null
  readonly now: number
}

/**
 * Books a resource in one transaction: rules, quota, insert. Two guarantees, both in Postgres:
 * - Overlap: the exclusion constraints on bookings (same resource) and booking_claims (shared
 *   units) refuse the second of two overlapping confirmed bookings, whatever the interleaving;
 *   the loser's 23P01 becomes 409 booking_conflict with the nearest free alternatives (and a
 *   deadlock between two simultaneous inserters is retried, see below).
 * - Quota: the apartment's row is locked (FOR NO KEY UPDATE) before counting, so two requests of
 *   one apartment count one after the other; under READ COMMITTED the second count, a new
 *   statement after the lock is granted, sees the first booking once it has committed.
 */
export async function createBooking(db: DB, req: BookingRequest): Promise<{ id: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertBooking(db, req)
    } catch (err) {
      const code = pgCode(err)
      if (code === EXCLUSION_VIOLATION) {
        throw new AppError('booking_conflict', 'That time is already booked.', {
          details: { alternatives: await nearestFree(db, req.resource, req.want, req.now) },
        })
      }
      // Should two inserters still deadlock (a link created meanwhile), Postgres aborts one:
      // run it again; the other has committed (→ 409) or rolled back (→ free).
      if (code !== DEADLOCK_DETECTED || attempt >= MAX_ATTEMPTS) throw err
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

const DEADLOCK_DETECTED = '40P01'
const MAX_ATTEMPTS = 5

function insertBooking(db: DB, req: BookingRequest): Promise<{ id: string }> {
  const { resource, want } = req
  return db.transaction().execute(async (trx) => {
    if (req.enforceRules) {
      if (!resource.active)
        throw violation('resource_inactive', 'This resource cannot be booked at the moment.')
      const broken = checkTime(resource, want, req.now, await blackoutsIn(trx, resource.id, want))
      if (broken) throw violation(broken.rule, broken.message)
    }
    await lockBookables(trx, resource.id)
    if (req.apartmentId) await lockApartmentAndCheckQuota(trx, req)
    const booked = await trx
      .insertInto('bookings')
      .values({
        org_id: resource.orgId,
        resource_id: resource.id,
        apartment_id: req.apartmentId,
        booked_by: req.bookedBy,
        during: range(want),
        standing_shift_id: req.standingShiftId ?? null,
        note: req.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Standing shifts book many weeks at once: their occurrences are not announced one by one.
    if (!req.standingShiftId) {
      await queueBookingNotice(
        trx,
        'booking_confirmed',
        { id: booked.id, orgId: resource.orgId },
        req.bookedBy,
      )
    }
    return booked
  })
}

/**
 * Liveness, not safety: two transactions inserting overlapping rows at once would each wait for
 * the other inside the exclusion check, and Postgres would break the cycle only after
 * deadlock_timeout (1 s) per pair. Queueing inserters per resource and per shared unit (advisory
 * locks taken in one global order, before the apartment row) means the loser finds the winner
 * committed and fails at once. The constraints stay the guarantee; this only keeps them fast.
 */
async function lockBookables(trx: DB, resourceId: string): Promise<void> {
  const units = await trx
    .selectFrom('booking_unit_resources')
    .select('unit_id')
    .where('resource_id', '=', resourceId)
    .execute()
  const keys = [`resource:${resourceId}`, ...units.map((u) => `unit:${u.unit_id}`)].sort()
  for (const key of keys) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
}

async function lockApartmentAndCheckQuota(trx: DB, req: BookingRequest): Promise<void> {
  const { resource } = req
  const apartment = await trx
    .selectFrom('apartments')
    .select(['id', 'building_id'])
    .where('id', '=', req.apartmentId)
    .where('org_id', '=', resource.orgId)
    .forNoKeyUpdate()
    .executeTakeFirst()
  if (!apartment) throw notFound('The apartment')
  if (!req.enforceRules) return
  if (resource.buildingId && apartment.building_id !== resource.buildingId) {
    throw violation('wrong_building', 'This resource is for the residents of another building.')
  }
  if (!resource.quotaGroupId) return
  const { max_active, active } = await trx
    .selectFrom('booking_quota_groups as g')
    .select([
      'g.max_active',
      (eb) =>
        eb
          .selectFrom('bookings as b')
          .innerJoin('booking_resources as r', 'r.id', 'b.resource_id')
          .select(eb.fn.countAll<string>().as('n'))
          .where('r.quota_group_id', '=', eb.ref('g.id'))
          .where('b.apartment_id', '=', apartment.id)
          .where('b.status', '=', 'confirmed')
          .where(sql<boolean>`upper(b.during) > ${new Date(req.now).toISOString()}::timestamptz`)
          .as('active'),
    ])
    .where('g.id', '=', resource.quotaGroupId)
    .executeTakeFirstOrThrow()
  if (Number(active) >= max_active) {
    throw violation(
      'quota_reached',
      `Your apartment already has ${max_active} active booking${max_active === 1 ? '' : 's'} of this kind.`,
    )
  }
}
