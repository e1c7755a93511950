import { sql } from 'kysely'
import { DateTime } from 'luxon'
import type { z } from 'zod'
import type { StandingShiftCreateBody } from '../../schema/api/bookings.ts'
import type { Interval } from '../../schema/bookings.ts'
import { BOOKING_TIME_ZONE } from '../../schema/bookings.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { findResource, type ResourceView } from '../../server/bookings/repository.ts'
import { addDays, instantAt, iso } from '../../server/bookings/time.ts'
import { type CalendarDeps, publishCalendars } from '../../server/calendar/publisher.ts'
import type { DB } from '../../server/db/connect.ts'
import { createBooking } from './bookingCreator.ts'

/**
 * A standing weekly shift ("saunavuoro") is materialised as ordinary confirmed bookings, one per
 * week, so the same exclusion constraints protect it and availability needs no second source.
 * Weeks that collide with an existing booking are reported, not forced. The shift keeps `weeks`
 * weeks booked ahead: `rollStandingShifts` books each new week as time moves on.
 */
export async function createStandingShift(
  db: DB,
  orgId: string,
  actorId: string,
  input: z.output<typeof StandingShiftCreateBody>,
  now = Date.now(),
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
  const from = DateTime.fromISO(input.validFrom, { zone: BOOKING_TIME_ZONE })
  const first = addDays(input.validFrom, (input.weekday - from.weekday + 7) % 7)
  const dates = Array.from({ length: input.weeks }, (_, week) => addDays(first, week * 7))
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
      weeks_ahead: input.weeks,
      materialised_until: dates.at(-1) ?? first,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const booked = await bookWeeks(
    db,
    {
      id: shift.id,
      resource,
      apartmentId: apartment.id,
      bookedBy: actorId,
      startTime: input.startTime,
      durationMinutes: input.durationMinutes,
      validUntil: input.validUntil,
    },
    dates,
    now,
  )
  return { shift, ...booked }
}

interface ShiftWeeks {
  id: string
  resource: ResourceView
  apartmentId: string
  bookedBy: string
  startTime: string
  durationMinutes: number
  validUntil: string | null
}

/** Books the shift on these local dates: past ones and those after its end are skipped. */
async function bookWeeks(
  db: DB,
  shift: ShiftWeeks,
  dates: readonly string[],
  now: number,
): Promise<{ created: number; conflicts: Interval[] }> {
  let created = 0
  const conflicts: Interval[] = []
  for (const date of dates) {
    if (shift.validUntil && date > shift.validUntil) break
    const start = instantAt(date, shift.startTime)
    const want = { start, end: start + shift.durationMinutes * 60_000 }
    if (want.start < now) continue
    try {
      await createBooking(db, {
        resource: shift.resource,
        want,
        apartmentId: shift.apartmentId,
        bookedBy: shift.bookedBy,
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
  return { created, conflicts }
}

/**
 * Keeps every running shift booked `weeks_ahead` weeks ahead: books each week after the last one
 * it has booked or tried, up to that horizon (and its end date), then records how far it got.
 * Only new weeks: an occurrence someone cancelled, or a week that collided, is not tried again.
 * Safe to run in several processes at once: a week booked twice collides with itself (the
 * exclusion constraint) and is skipped, and `materialised_until` only moves forward. An inactive
 * or removed resource waits; its shift resumes with the weeks still ahead when it is back.
 */
export async function rollStandingShifts(
  deps: CalendarDeps,
  opts: { now?: number; orgId?: string } = {},
): Promise<{ shifts: number; created: number; conflicts: number }> {
  const { db } = deps
  const now = opts.now ?? Date.now()
  const today = DateTime.fromMillis(now, { zone: BOOKING_TIME_ZONE }).toISODate() ?? ''
  const shifts = await db
    .selectFrom('booking_standing_shifts')
    .select([
      'id',
      'org_id',
      'resource_id',
      'apartment_id',
      'created_by',
      'start_time',
      'duration_minutes',
      'weeks_ahead',
      sql<string>`to_char(materialised_until, 'YYYY-MM-DD')`.as('until'),
      sql<string | null>`to_char(valid_until, 'YYYY-MM-DD')`.as('valid_until'),
    ])
    .where('ended_at', 'is', null)
    .where('created_by', 'is not', null)
    .$if(opts.orgId !== undefined, (q) => q.where('org_id', '=', opts.orgId as string))
    .where(sql<boolean>`materialised_until + 7 < ${today}::date + weeks_ahead * 7`)
    .where((eb) =>
      eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', sql<Date>`materialised_until`)]),
    )
    .execute()
  let created = 0
  let conflicts = 0
  const changed = new Map<string, Set<string>>()
  for (const s of shifts) {
    const resource = await findResource(db, s.org_id, s.resource_id)
    if (!resource?.active) continue
    // The weeks of [today, today + weeks_ahead weeks), as at the shift's creation.
    const horizon = addDays(today, s.weeks_ahead * 7 - 1)
    const dates: string[] = []
    for (let date = addDays(s.until, 7); date <= horizon; date = addDays(date, 7)) dates.push(date)
    const booked = await bookWeeks(
      db,
      {
        id: s.id,
        resource,
        apartmentId: s.apartment_id,
        // The staff member who set the shift up books each week, as at its start.
        bookedBy: s.created_by as string,
        startTime: s.start_time,
        durationMinutes: s.duration_minutes,
        validUntil: s.valid_until,
      },
      dates,
      now,
    )
    await db
      .updateTable('booking_standing_shifts')
      .set({ materialised_until: dates.at(-1) ?? s.until })
      .where('id', '=', s.id)
      .where(sql<boolean>`materialised_until < ${dates.at(-1) ?? s.until}::date`)
      .execute()
    created += booked.created
    conflicts += booked.conflicts.length
    if (booked.created > 0) changed.set(s.org_id, (changed.get(s.org_id) ?? new Set()).add(s.resource_id))
  }
  for (const [orgId, resourceIds] of changed) await publishCalendars(deps, orgId, [...resourceIds])
  return { shifts: shifts.length, created, conflicts }
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
