import { sql } from 'kysely'
import { DateTime } from 'luxon'
import { BOOKING_TIME_ZONE } from '../../schema/bookings.ts'
import { can, type OrgRef } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { pagesById } from './paging.ts'
import { rolesPassing } from './roles.ts'

/**
 * Bookings. Outbox rows come from triggers (0014): `booking.search` for a booking row,
 * `booking.apartment` when someone joins or leaves an apartment, `booking.resource` when a
 * resource is renamed. Handlers read the current rows, so re-applying a row changes nothing.
 *
 * A booking is found by whoever may see who booked it: the booker and the people of its
 * apartment by name (`participants`), and the staff who manage bookings (the policy's
 * bookings.manage). Other residents never find it: their calendar shows the slot only as booked.
 * A cancelled booking is removed.
 */
export const BOOKING_TOPIC = 'booking.search'
export const APARTMENT_TOPIC = 'booking.apartment'
export const RESOURCE_TOPIC = 'booking.resource'

const id = (bookingId: string) => recordId('booking', bookingId)

async function orgRefOf(db: DB, orgId: string): Promise<OrgRef | null> {
  const o = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  return o ? { id: o.id, kind: o.kind, status: o.status, managedBy: o.managed_by } : null
}

/** "ti 24.11. 18:00–19:00" in Helsinki time; the end carries its date when it is another day. */
export function bookingWhen(start: Date, end: Date): string {
  const from = DateTime.fromJSDate(start, { zone: BOOKING_TIME_ZONE }).setLocale('fi')
  const to = DateTime.fromJSDate(end, { zone: BOOKING_TIME_ZONE }).setLocale('fi')
  const sameDay = from.toISODate() === to.minus({ milliseconds: 1 }).toISODate()
  const day = (d: DateTime) => d.toFormat('ccc d.M.')
  return `${day(from)} ${from.toFormat('HH:mm')}–${sameDay ? '' : `${day(to)} `}${to.toFormat('HH:mm')}`
}

export async function bookingRecord(db: DB, bookingId: string): Promise<SearchRecord | null> {
  const b = await db
    .selectFrom('bookings as b')
    .innerJoin('booking_resources as r', 'r.id', 'b.resource_id')
    .innerJoin('booking_categories as c', 'c.id', 'r.category_id')
    .leftJoin('apartments as a', 'a.id', 'b.apartment_id')
    .leftJoin('staircases as s', 's.id', 'a.staircase_id')
    .leftJoin('users as u', 'u.id', 'b.booked_by')
    .select([
      'b.org_id',
      'b.apartment_id',
      'b.booked_by',
      'b.status',
      'b.note',
      'b.created_at',
      'b.cancelled_at',
      'r.name as resource_name',
      'c.name as category_name',
      'a.number as apartment_number',
      's.name as staircase_name',
      'u.name as booker_name',
      sql<Date>`lower(b.during)`.as('starts'),
      sql<Date>`upper(b.during)`.as('ends'),
    ])
    .where('b.id', '=', bookingId)
    .executeTakeFirst()
  if (b?.status !== 'confirmed') return null
  const org = await orgRefOf(db, b.org_id)
  if (!org) return null
  const flatmates = b.apartment_id
    ? await db
        .selectFrom('memberships')
        .select('user_id')
        .distinct()
        .where('org_id', '=', b.org_id)
        .where('apartment_id', '=', b.apartment_id)
        .execute()
    : []
  const participants = new Set(flatmates.map((m) => m.user_id))
  if (b.booked_by) participants.add(b.booked_by)
  const apartment = b.apartment_number
    ? [b.staircase_name, b.apartment_number].filter((x) => x).join(' ')
    : ''
  return {
    id: id(bookingId),
    orgId: b.org_id,
    type: 'booking',
    entityId: bookingId,
    title: `${b.resource_name} · ${bookingWhen(new Date(b.starts), new Date(b.ends))}`,
    // Only the audience below sees these names: the calendar shows others a slot as "booked".
    body: [b.category_name, apartment, b.booker_name ?? '', b.note].filter((x) => x).join(' · '),
    language: 'fi',
    url: `/org/${b.org_id}/bookings`,
    updatedAt: new Date(b.created_at),
    authorId: b.booked_by,
    visibility: {
      roles: rolesPassing(org, (p) => can(p, 'bookings.manage', { type: 'bookings', org })),
      buildingId: null,
      participants: [...participants],
      internal: false,
    },
  }
}

async function recordsOf(db: DB, ids: readonly string[]): Promise<Changes> {
  const changes: Changes = { upsert: [], delete: [] }
  for (const bookingId of ids) {
    const record = await bookingRecord(db, bookingId)
    if (record) changes.upsert.push(record)
    else changes.delete.push(id(bookingId))
  }
  return changes
}

const bookingChanged: Handler = ({ db }, row) => recordsOf(db, [row.entityId])

/** The people of an apartment changed: its confirmed bookings get the new audience. */
const apartmentChanged: Handler = async ({ db }, row) => {
  const rows = await db
    .selectFrom('bookings')
    .select('id')
    .where('apartment_id', '=', row.entityId)
    .where('status', '=', 'confirmed')
    .execute()
  return recordsOf(
    db,
    rows.map((r) => r.id),
  )
}

/** A resource was renamed: its confirmed bookings get the new title. */
const resourceChanged: Handler = async ({ db }, row) => {
  const rows = await db
    .selectFrom('bookings')
    .select('id')
    .where('resource_id', '=', row.entityId)
    .where('status', '=', 'confirmed')
    .execute()
  return recordsOf(
    db,
    rows.map((r) => r.id),
  )
}

export const bookingHandlers: Readonly<Record<string, Handler>> = {
  [BOOKING_TOPIC]: bookingChanged,
  [APARTMENT_TOPIC]: apartmentChanged,
  [RESOURCE_TOPIC]: resourceChanged,
}

/** Every confirmed booking, for `npm run reindex`. */
export function allBookings(ctx: SourceContext): AsyncGenerator<SearchRecord[]> {
  return pagesById(
    (after, limit) =>
      ctx.db
        .selectFrom('bookings')
        .select('id')
        .where('status', '=', 'confirmed')
        .$if(after !== null, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(limit)
        .execute(),
    async (rows) =>
      (
        await recordsOf(
          ctx.db,
          rows.map((r) => r.id),
        )
      ).upsert,
  )
}

export async function countBookings(db: DB): Promise<number> {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
