import { type RawBuilder, sql } from 'kysely'
import type { OpeningHours, ResourceRules } from '../../schema/bookings.ts'
import type { DB } from '../db/connect.ts'
import type { Span } from './time.ts'

/** Plain functions over `db` or a transaction: what bookings need to read. */

export const range = (span: Span): RawBuilder<unknown> =>
  sql`tstzrange(${new Date(span.start).toISOString()}::timestamptz, ${new Date(span.end).toISOString()}::timestamptz, '[)')`

const lower = sql<Date>`lower(during)`
const upper = sql<Date>`upper(during)`

export interface ResourceView extends ResourceRules {
  readonly id: string
  readonly orgId: string
  readonly categoryId: string
  readonly buildingId: string | null
  readonly quotaGroupId: string | null
  readonly name: string
  readonly description: string
  readonly active: boolean
}

const RESOURCE_COLUMNS = [
  'id',
  'org_id',
  'category_id',
  'building_id',
  'quota_group_id',
  'name',
  'description',
  'mode',
  'grid_minutes',
  'min_minutes',
  'max_minutes',
  'opening_hours',
  'lead_min_minutes',
  'lead_max_days',
  'cancel_cutoff_minutes',
  'active',
] as const

type ResourceRow = {
  id: string
  org_id: string
  category_id: string
  building_id: string | null
  quota_group_id: string | null
  name: string
  description: string
  mode: 'slots' | 'free'
  grid_minutes: number
  min_minutes: number
  max_minutes: number
  opening_hours: OpeningHours
  lead_min_minutes: number
  lead_max_days: number
  cancel_cutoff_minutes: number
  active: boolean
}

function toView(r: ResourceRow): ResourceView {
  return {
    id: r.id,
    orgId: r.org_id,
    categoryId: r.category_id,
    buildingId: r.building_id,
    quotaGroupId: r.quota_group_id,
    name: r.name,
    description: r.description,
    active: r.active,
    mode: r.mode,
    gridMinutes: r.grid_minutes,
    minMinutes: r.min_minutes,
    maxMinutes: r.max_minutes,
    openingHours: r.opening_hours,
    leadMinMinutes: r.lead_min_minutes,
    leadMaxDays: r.lead_max_days,
    cancelCutoffMinutes: r.cancel_cutoff_minutes,
  }
}

export async function findResource(db: DB, orgId: string, resourceId: string): Promise<ResourceView | null> {
  const row = await db
    .selectFrom('booking_resources')
    .select(RESOURCE_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', resourceId)
    .executeTakeFirst()
  return row ? toView(row) : null
}

export async function listResources(db: DB, orgId: string): Promise<ResourceView[]> {
  const rows = await db
    .selectFrom('booking_resources')
    .select(RESOURCE_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute()
  return rows.map(toView)
}

/** This resource and every resource that shares a physical unit with it. */
export async function linkedResourceIds(db: DB, resourceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('booking_unit_resources as mine')
    .innerJoin('booking_unit_resources as other', 'other.unit_id', 'mine.unit_id')
    .select('other.resource_id')
    .distinct()
    .where('mine.resource_id', '=', resourceId)
    .execute()
  return [...new Set([resourceId, ...rows.map((r) => r.resource_id)])]
}

export async function blackoutsIn(db: DB, resourceId: string, window: Span): Promise<Span[]> {
  const rows = await db
    .selectFrom('booking_blackouts')
    .select([lower.as('start'), upper.as('end')])
    .where('resource_id', '=', resourceId)
    .where(sql<boolean>`during && ${range(window)}`)
    .execute()
  return rows.map((r) => ({ start: new Date(r.start).getTime(), end: new Date(r.end).getTime() }))
}

/**
 * Every closed period of an organisation's resources in `window` (no reason: only when), for the
 * "next free" line every member sees; the availability answer shows the same cells as closed.
 */
export async function closedPeriodsIn(db: DB, orgId: string, window: Span) {
  const rows = await db
    .selectFrom('booking_blackouts')
    .select(['resource_id as resourceId', lower.as('start'), upper.as('end')])
    .where('org_id', '=', orgId)
    .where(sql<boolean>`during && ${range(window)}`)
    .orderBy(lower)
    .execute()
  return rows.map((r) => ({
    resourceId: r.resourceId,
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
  }))
}

/** Blackouts of a resource that end after `now`, soonest first, for staff to review. */
export async function blackoutsOf(db: DB, resourceId: string, now: number) {
  const rows = await db
    .selectFrom('booking_blackouts')
    .select(['id', 'reason', lower.as('start'), upper.as('end')])
    .where('resource_id', '=', resourceId)
    .where(sql<boolean>`upper(during) > ${new Date(now).toISOString()}::timestamptz`)
    .orderBy(sql`lower(during)`)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
    reason: r.reason,
  }))
}

export interface Occupied extends Span {
  readonly id: string
  readonly resourceId: string
  readonly apartmentId: string | null
  readonly apartmentNumber: string | null
  readonly bookedBy: string | null
  readonly bookedByName: string | null
}

/** Confirmed bookings of these resources that overlap the window. */
export function occupiedIn(db: DB, resourceIds: readonly string[], window: Span): Promise<Occupied[]> {
  return occupied(db, sql<boolean>`b.resource_id IN (${sql.join([...resourceIds])})`, window)
}

/**
 * Confirmed bookings of a resource and of every resource sharing a physical unit with it
 * (`linkedResourceIds`) that overlap the window, in one statement: the linked ids are an
 * InitPlan (ARRAY(…), run once), so `= ANY` still probes the bookings index.
 */
export function occupiedAround(db: DB, resourceId: string, window: Span): Promise<Occupied[]> {
  return occupied(
    db,
    sql<boolean>`b.resource_id = ANY (ARRAY(
      SELECT ${resourceId}::uuid
      UNION SELECT other.resource_id FROM booking_unit_resources mine
        JOIN booking_unit_resources other ON other.unit_id = mine.unit_id
       WHERE mine.resource_id = ${resourceId}))`,
    window,
  )
}

async function occupied(db: DB, which: RawBuilder<boolean>, window: Span): Promise<Occupied[]> {
  const rows = await db
    .selectFrom('bookings as b')
    .leftJoin('apartments as a', 'a.id', 'b.apartment_id')
    .leftJoin('users as u', 'u.id', 'b.booked_by')
    .select([
      'b.id',
      'b.resource_id',
      'b.apartment_id',
      'a.number',
      'b.booked_by',
      'u.name',
      sql<Date>`lower(b.during)`.as('start'),
      sql<Date>`upper(b.during)`.as('end'),
    ])
    .where(which)
    .where('b.status', '=', 'confirmed')
    .where(sql<boolean>`b.during && ${range(window)}`)
    .orderBy(sql`lower(b.during)`)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    resourceId: r.resource_id,
    apartmentId: r.apartment_id,
    apartmentNumber: r.number,
    bookedBy: r.booked_by,
    bookedByName: r.name,
    start: new Date(r.start).getTime(),
    end: new Date(r.end).getTime(),
  }))
}

/** Apartments a user books for in an organisation: those their memberships are scoped to. */
export async function apartmentsOf(db: DB, userId: string, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('apartment_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .where('apartment_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.apartment_id ? [r.apartment_id] : []))
}

export interface BookingView {
  readonly id: string
  readonly orgId: string
  readonly resourceId: string
  readonly resourceName: string
  readonly apartmentId: string | null
  readonly apartmentNumber: string | null
  readonly bookedBy: string | null
  readonly start: string
  readonly end: string
  readonly status: 'confirmed' | 'cancelled'
  readonly standingShiftId: string | null
  readonly note: string
}

/** Bookings as the API shows them, with one filter applied by the caller. */
export function bookingsQuery(db: DB) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('booking_resources as r', 'r.id', 'b.resource_id')
    .leftJoin('apartments as a', 'a.id', 'b.apartment_id')
    .select([
      'b.id',
      'b.org_id',
      'b.resource_id',
      'r.name as resource_name',
      'b.apartment_id',
      'a.number as apartment_number',
      'b.booked_by',
      'b.status',
      'b.standing_shift_id',
      'b.note',
      sql<Date>`lower(b.during)`.as('start'),
      sql<Date>`upper(b.during)`.as('end'),
    ])
}

export function toBookingView(r: {
  id: string
  org_id: string
  resource_id: string
  resource_name: string
  apartment_id: string | null
  apartment_number: string | null
  booked_by: string | null
  status: 'confirmed' | 'cancelled'
  standing_shift_id: string | null
  note: string
  start: Date
  end: Date
}): BookingView {
  return {
    id: r.id,
    orgId: r.org_id,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    apartmentId: r.apartment_id,
    apartmentNumber: r.apartment_number,
    bookedBy: r.booked_by,
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
    status: r.status,
    standingShiftId: r.standing_shift_id,
    note: r.note,
  }
}

/** Postgres SQLSTATE of a driver error (postgres.js and PGlite both expose `code`). */
export function pgCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}
export const EXCLUSION_VIOLATION = '23P01'
