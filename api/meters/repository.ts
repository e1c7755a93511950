import { sql } from 'kysely'
import type { MeterSummary, ReadingRow } from '../../schema/api/meters.ts'
import type { PriorReading } from '../../schema/meters/validate.ts'
import { can, type OrgRef, type Principal } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'

/** Reading meters and readings for the routes; every row is asked of the policy with its place. */

export function meterSelect(db: DB) {
  return (
    db
      .selectFrom('meters as m')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.id', '=', 'm.building_id').onRef('b.org_id', '=', 'm.org_id'),
      )
      .leftJoin('apartments as a', (j) =>
        j.onRef('a.id', '=', 'm.apartment_id').onRef('a.org_id', '=', 'm.org_id'),
      )
      .select([
        'm.id',
        'm.org_id',
        'm.kind',
        'm.serial',
        'm.unit',
        'm.location',
        'm.building_id',
        'b.name as building_name',
        'm.apartment_id',
        'a.number as apartment_number',
      ])
      // The last reading that counts (not rejected) beside each meter: one index probe per meter in
      // the same statement, where a second query per list used to fetch them (issue 19).
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('meter_readings as lr')
            .select([
              'lr.value as last_value',
              sql<string>`to_char(lr.read_on, 'YYYY-MM-DD')`.as('last_read_on'),
              'lr.status as last_status',
            ])
            .whereRef('lr.org_id', '=', 'm.org_id')
            .whereRef('lr.meter_id', '=', 'm.id')
            // A literal, not a parameter: with `status <> $n` the prepared statement's generic plan
            // guessed one matching reading per meter, sorted them, and cost six times the custom
            // plan, so Postgres planned the list anew on every request (issue 19).
            .where(sql<boolean>`lr.status <> 'rejected'`)
            .orderBy('lr.read_on', 'desc')
            .orderBy('lr.created_at', 'desc')
            .limit(1)
            .as('lr'),
        (j) => j.onTrue(),
      )
      .select(['lr.last_value', 'lr.last_read_on', 'lr.last_status'])
      .where('m.retired_at', 'is', null)
  )
}

/** The building and apartment choices of the staff's list page, as JSON (null: not wanted). */
export interface Choices {
  buildings: { id: string; name: string }[] | null
  apartments: { id: string; number: string; buildingId: string }[] | null
}

/**
 * The choices as two uncorrelated JSON subqueries (each run once): on the first row of the meter
 * list, so the list is one statement (issue 19: they were two more), or alone for an empty list.
 */
export function choicesSql(orgId: string, want: { buildings: boolean; apartments: boolean }) {
  const buildings = want.buildings
    ? sql<Choices['buildings'] | string>`(SELECT coalesce(json_agg(json_build_object('id', id, 'name', name)
        ORDER BY name), '[]'::json) FROM buildings WHERE org_id = ${orgId})`
    : sql<null>`NULL::json`
  const apartments = want.apartments
    ? sql<
        Choices['apartments'] | string
      >`(SELECT coalesce(json_agg(json_build_object('id', id, 'number', number,
        'buildingId', building_id) ORDER BY number), '[]'::json) FROM apartments WHERE org_id = ${orgId})`
    : sql<null>`NULL::json`
  return { buildings, apartments }
}

/** A JSON column as PGlite (parsed) or postgres.js (text) returns it. */
export const parsedJson = <T>(v: T | string | null | undefined): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : v

type MeterRow = Awaited<ReturnType<ReturnType<typeof meterSelect>['execute']>>[number]

/** The meters of `rows` the principal may read, with their last reading and abilities. */
export function summarise(p: Principal, org: OrgRef, rows: readonly MeterRow[]): MeterSummary[] {
  return rows
    .filter((r) => can(p, 'meters.read', { type: 'meters', org, place: placeOf(r) }))
    .map((r) =>
      toSummary(
        p,
        org,
        r,
        r.last_value !== null && r.last_read_on !== null && r.last_status !== null
          ? { value: Number(r.last_value), readOn: r.last_read_on, status: r.last_status }
          : null,
      ),
    )
}

export function placeOf(r: { building_id: string; apartment_id: string | null }) {
  return { buildingId: r.building_id, apartmentId: r.apartment_id }
}

export function toSummary(
  p: Principal,
  org: OrgRef,
  r: MeterRow,
  lastReading: MeterSummary['lastReading'],
): MeterSummary {
  const place = placeOf(r)
  return {
    id: r.id,
    kind: r.kind,
    serial: r.serial,
    unit: r.unit,
    location: r.location,
    building: { id: r.building_id, name: r.building_name },
    apartment: r.apartment_id ? { id: r.apartment_id, number: r.apartment_number ?? '' } : null,
    lastReading,
    abilities: {
      submit: can(p, 'meters.submit', { type: 'meters', org, place }),
      manage: can(p, 'meters.manage', { type: 'meters', org, place }),
    },
  }
}

export function readingSelect(db: DB) {
  return db
    .selectFrom('meter_readings as r')
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .select([
      'r.id',
      'r.meter_id',
      'r.value',
      sql<string>`to_char(r.read_on, 'YYYY-MM-DD')`.as('read_on'),
      'r.meter_change',
      'r.status',
      'r.flag_reason',
      'r.source',
      'r.submitted_by',
      'u.name as submitter_name',
      'r.note',
      'r.photo_file_id',
      'r.created_at',
    ])
}

type ReadingDbRow = Awaited<ReturnType<ReturnType<typeof readingSelect>['execute']>>[number]

export function toReadingRow(r: ReadingDbRow): ReadingRow {
  return {
    id: r.id,
    meterId: r.meter_id,
    value: Number(r.value),
    readOn: r.read_on,
    meterChange: r.meter_change,
    status: r.status,
    flagReason: r.flag_reason,
    source: r.source,
    submittedBy: r.submitted_by ? { id: r.submitted_by, name: r.submitter_name ?? '' } : null,
    note: r.note,
    hasPhoto: r.photo_file_id !== null,
    createdAt: new Date(r.created_at).toISOString(),
  }
}

/** The meter's readings that count (not rejected), oldest first: what a new one is judged by. */
export async function historyOf(db: DB, orgId: string, meterId: string): Promise<PriorReading[]> {
  const rows = await db
    .selectFrom('meter_readings')
    .select(['value', sql<string>`to_char(read_on, 'YYYY-MM-DD')`.as('read_on'), 'meter_change'])
    .where('org_id', '=', orgId)
    .where('meter_id', '=', meterId)
    .where('status', '!=', 'rejected')
    .orderBy('read_on')
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({ value: Number(r.value), readOn: r.read_on, meterChange: r.meter_change }))
}
