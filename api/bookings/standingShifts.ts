import { sql } from 'kysely'
import { DateTime } from 'luxon'
import type { z } from 'zod'
import type { StandingShiftCreateBody } from '../../schema/api/bookings.ts'
import type { Interval } from '../../schema/bookings.ts'
import { BOOKING_TIME_ZONE } from '../../schema/bookings.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import type { DB } from '../db/connect.ts'
import { createBooking } from './bookingCreator.ts'
import { findResource } from './repository.ts'
import { addDays, instantAt, iso } from './time.ts'

/**
 * A standing weekly shift ("saunavuoro") is materialised as ordinary confirmed bookings, one per
 * week, so the same exclusion constraints protect it and availability needs no second source.
 * Weeks that collide with an existing booking are reported, not forced.
 */
export async function createStandingShift(
  db: DB,
  orgId: string,
  actorId: string,
  input: z.output<typeof StandingShiftCreateBody>,
): Promise<{ shift: { id: string }; created: number; conflicts: Interval[] }> {
  const resource = await findResource(db, orgId, input.resourceId)
  if (!resource) throw notFound('The resource')
  const apartment = await db
    .selectFrom('apartments')
    .select('id')
    .where('id', '=', input.apartmentId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!apartment) throw notFound('The apartment')
  const shift = await db
    .insertInto('booking_standing_shifts')
    .values({
      org_id: orgId,
      resource_id: resource.id,
      apartment_id: apartment.id,
      weekday: input.weekday,
      start_time: input.startTime,
      duration_minutes: input.durationMinutes,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      created_by: actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()

  const now = Date.now()
  const first = DateTime.fromISO(input.validFrom, { zone: BOOKING_TIME_ZONE })
  const offset = (input.weekday - first.weekday + 7) % 7
  let created = 0
  const conflicts: Interval[] = []
  for (let week = 0; week < input.weeks; week++) {
    const date = addDays(input.validFrom, offset + week * 7)
    if (input.validUntil && date > input.validUntil) break
    const start = instantAt(date, input.startTime)
    const want = { start, end: start + input.durationMinutes * 60_000 }
    if (want.start < now) continue
    try {
      await createBooking(db, {
        resource,
        want,
        apartmentId: apartment.id,
        bookedBy: actorId,
        note: '',
        enforceRules: false,
        standingShiftId: shift.id,
        now,
      })
      created++
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'booking_conflict')) throw err
      conflicts.push({ start: iso(want.start), end: iso(want.end) })
    }
  }
  return { shift, created, conflicts }
}

export async function endStandingShift(
  db: DB,
  orgId: string,
  shiftId: string,
  actorId: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('booking_standing_shifts')
      .set({ ended_at: new Date() })
      .where('id', '=', shiftId)
      .where('org_id', '=', orgId)
      .where('ended_at', 'is', null)
      .executeTakeFirst()
    if (Number(ended.numUpdatedRows) !== 1) throw notFound('The standing shift')
    const cancelled = await trx
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: actorId })
      .where('standing_shift_id', '=', shiftId)
      .where('status', '=', 'confirmed')
      .where(sql<boolean>`lower(during) > now()`)
      .executeTakeFirst()
    return Number(cancelled.numUpdatedRows)
  })
}

export async function listStandingShifts(db: DB, orgId: string) {
  const rows = await db
    .selectFrom('booking_standing_shifts as s')
    .innerJoin('apartments as a', 'a.id', 's.apartment_id')
    .select([
      's.id',
      's.resource_id as resourceId',
      's.apartment_id as apartmentId',
      'a.number as apartmentNumber',
      's.weekday',
      's.start_time as startTime',
      's.duration_minutes as durationMinutes',
      sql<string>`to_char(s.valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(s.valid_until, 'YYYY-MM-DD')`.as('validUntil'),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.ended_at', 'is', null)
    .orderBy('s.weekday')
    .orderBy('s.start_time')
    .execute()
  return rows
}
