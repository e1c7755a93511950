import { type RawBuilder, sql } from 'kysely'
import type { Audience, Segment } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { defaultNotificationPrefs, type NotificationPrefs, type Role } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'

/** Someone a communication reaches, with what each channel needs. */
export interface Recipient {
  userId: string
  name: string
  email: string
  phone: string | null
  language: string
  prefs: NotificationPrefs
  /** Letter address lines (name, street and apartment, postcode and town), null without a home. */
  postal: string[] | null
}

/** Roles a management company's staff hold; they are reached in the cooperatives it manages. */
const STAFF_ROLES: readonly Role[] = ['property_manager', 'accountant', 'maintenance_staff', 'org_admin']

/**
 * Who an audience reaches in `org`: the union of its segments. A segment matches a membership of
 * the organisation (or of its managing company, for staff roles) whose role is one of `roles`
 * (any role when none are given) and, when places are given, whose apartment or building is one of
 * them (building, staircase or apartment: any of the places named). Ids of places that are not
 * this organisation's match nothing, so a forged id of another cooperative's building reaches no
 * one. Each person appears once, whatever number of memberships match.
 */
export async function resolveAudience(db: DB, org: OrgRef, audience: Audience): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('apartments as a', (j) =>
      j.onRef('a.id', '=', 'm.apartment_id').onRef('a.org_id', '=', 'm.org_id'),
    )
    .leftJoin('buildings as b', 'b.id', 'a.building_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.phone',
      'u.language',
      'u.notification_prefs',
      'a.number as apartment',
      'b.address as address',
    ])
    .where(audienceMatch(org, audience))
    // Someone with a home in the cooperative gets letters there: their apartment row first.
    .orderBy('u.id')
    .orderBy(sql`a.id IS NULL`)
    .execute()
  const seen = new Map<string, Recipient>()
  for (const r of rows) {
    if (seen.has(r.id)) continue
    seen.set(r.id, {
      userId: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone && r.phone.trim() !== '' ? r.phone : null,
      language: r.language,
      prefs: { ...defaultNotificationPrefs(), ...(r.notification_prefs ?? {}) },
      postal: r.address && r.apartment ? postalLines(r.name, r.address, r.apartment) : null,
    })
  }
  return [...seen.values()]
}

/** How many people an audience reaches (`resolveAudience`'s length, counted in the database). */
export async function countAudience(db: DB, org: OrgRef, audience: Audience): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('apartments as a', (j) =>
      j.onRef('a.id', '=', 'm.apartment_id').onRef('a.org_id', '=', 'm.org_id'),
    )
    .select(sql<string>`count(DISTINCT u.id)`.as('n'))
    .where(audienceMatch(org, audience))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The audience as one SQL condition over `memberships m` left-joined to `apartments a` (the
 * member's apartment in the organisation): the union of its segments.
 */
export function audienceMatch(org: OrgRef, audience: Audience): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    audience.segments.map((s) => segmentMatch(org, s)),
    sql` OR `,
  )})`
}

function segmentMatch(org: OrgRef, s: Segment): RawBuilder<boolean> {
  const roles = s.roles && s.roles.length > 0 ? s.roles : null
  const inOrg = sql`m.org_id = ${org.id}`
  const staffRoles = (roles ?? STAFF_ROLES).filter((r) => STAFF_ROLES.includes(r))
  const whose =
    org.managedBy && staffRoles.length > 0
      ? sql`(${inOrg} OR (m.org_id = ${org.managedBy} AND m.role IN (${sql.join(staffRoles)})))`
      : inOrg
  const conditions: RawBuilder<unknown>[] = [whose]
  if (roles) conditions.push(sql`m.role IN (${sql.join(roles)})`)
  const places: RawBuilder<unknown>[] = []
  if (s.buildingIds?.length)
    places.push(sql`(${inOrg} AND coalesce(a.building_id, m.building_id) IN (${sql.join(s.buildingIds)}))`)
  if (s.staircaseIds?.length) places.push(sql`(${inOrg} AND a.staircase_id IN (${sql.join(s.staircaseIds)}))`)
  if (s.apartmentIds?.length) places.push(sql`(${inOrg} AND m.apartment_id IN (${sql.join(s.apartmentIds)}))`)
  if (places.length > 0) conditions.push(sql`(${sql.join(places, sql` OR `)})`)
  return sql<boolean>`(${sql.join(conditions, sql` AND `)})`
}

/** "Koivukuja 3, 00100 Helsinki" and apartment "B 2" → name / "Koivukuja 3 B 2" / "00100 Helsinki". */
export function postalLines(name: string, address: string, apartment: string): string[] {
  const [street, ...rest] = address.split(',').map((p) => p.trim())
  return [name, `${street ?? ''} ${apartment}`.trim(), rest.join(', ')].filter((l) => l !== '')
}
