import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import type { MeterAction, MeterPlace } from '../../schema/policy/meters.ts'
import { can, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { orgRefOf } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'

type Ctx = Context<AppEnv>

/**
 * The meter checks every handler goes through; the cooperative, the meter's building and
 * apartment come from their rows. No role in the organisation: 404 (nothing leaks). A member
 * without the role: 403 for the cooperative's pages, 404 for one meter, reading or round that is
 * not theirs (a resident asking about a neighbour's meter learns nothing about it).
 */
export async function authorizeMeters(c: Ctx, orgId: string, action: MeterAction): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await orgRefOf(c, orgId)
  if (org && can(principal, action, { type: 'meters', org })) return org
  if (org && rolesIn(principal, org).size > 0) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  throw notFound('The organisation')
}

/** Any member of the cooperative (the list filters per meter): 404 for everyone else. */
export async function memberOrg(c: Ctx, orgId: string): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await orgRefOf(c, orgId)
  if (org?.kind !== 'housing_cooperative') throw notFound('The organisation')
  if (rolesIn(principal, org).size === 0 && !can(principal, 'meters.overview', { type: 'meters', org })) {
    throw notFound('The organisation')
  }
  return org
}

export interface LoadedMeter {
  org: OrgRef
  meter: {
    id: string
    building_id: string
    apartment_id: string | null
    kind: string
    unit: string
    retired: boolean
  }
  place: MeterPlace
}

/** One meter, for `action` on it: 404 unless the policy allows it with the meter's own place. */
export async function authorizeMeter(
  c: Ctx,
  orgId: string,
  meterId: string,
  action: MeterAction,
): Promise<LoadedMeter> {
  const { db } = c.get('deps')
  const [org, meter] = await Promise.all([
    orgRefOf(c, orgId),
    db
      .selectFrom('meters')
      .select(['id', 'building_id', 'apartment_id', 'kind', 'unit', 'retired_at'])
      .where('org_id', '=', orgId)
      .where('id', '=', meterId)
      .executeTakeFirst(),
  ])
  if (!org || !meter) throw notFound('The meter')
  const place = { buildingId: meter.building_id, apartmentId: meter.apartment_id }
  if (!can(c.get('principal'), action, { type: 'meters', org, place })) {
    // Someone who may read the meter but not do this learns why; everyone else learns nothing.
    if (action !== 'meters.read' && can(c.get('principal'), 'meters.read', { type: 'meters', org, place })) {
      throw new AppError('forbidden', 'Your role does not allow that for this meter.')
    }
    throw notFound('The meter')
  }
  return {
    org,
    meter: { ...meter, retired: meter.retired_at !== null },
    place,
  }
}

/** A building of this cooperative, for `action` there (creating a meter or a round). */
export async function authorizeBuilding(
  c: Ctx,
  org: OrgRef,
  buildingId: string,
  apartmentId: string | null,
  action: MeterAction,
): Promise<void> {
  const { db } = c.get('deps')
  const building = await db
    .selectFrom('buildings')
    .select('id')
    .where('org_id', '=', org.id)
    .where('id', '=', buildingId)
    .executeTakeFirst()
  if (!building) throw new AppError('validation_failed', 'That building is not in this cooperative.')
  if (apartmentId) {
    const apartment = await db
      .selectFrom('apartments')
      .select('id')
      .where('org_id', '=', org.id)
      .where('building_id', '=', buildingId)
      .where('id', '=', apartmentId)
      .executeTakeFirst()
    if (!apartment) throw new AppError('validation_failed', 'That apartment is not in this building.')
  }
  if (!can(c.get('principal'), action, { type: 'meters', org, place: { buildingId, apartmentId } })) {
    throw new AppError('forbidden', 'You do not serve that building.')
  }
}
