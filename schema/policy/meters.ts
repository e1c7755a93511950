import type { Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Meter rules (issue 17), hooked into the one `can()` of schema/policy.ts. The cooperative and the
 * meter's building and apartment come from their rows.
 *
 * - Staff of the cooperative (property manager, org admin) manage meters, rounds and reviews, and
 *   submit for any meter. Maintenance staff do the same for the buildings they serve: their
 *   cooperative membership's building, the whole cooperative when it names none, and every
 *   cooperative their management company runs.
 * - The board, the accountant and the auditor read every meter and its readings (building charts).
 * - Owners, owners' representatives and residents read and submit for the meters of the apartment
 *   their membership names, and nothing else (not their building's common meters either).
 * - Contractors and investors: nothing. Platform admins read (support), never write.
 */
export type MeterAction = 'meters.overview' | 'meters.manage' | 'meters.read' | 'meters.submit'
export const METER_ACTIONS: readonly MeterAction[] = [
  'meters.overview',
  'meters.manage',
  'meters.read',
  'meters.submit',
]

/** Where a meter (or a round) is: its building, and its apartment for an apartment meter. */
export interface MeterPlace {
  readonly buildingId: string
  readonly apartmentId: string | null
}

/** `place` for meters.read / submit / manage of one meter or round; without it, the cooperative. */
export type MeterResource = { type: 'meters'; org: OrgRef; place?: MeterPlace }

export const METER_MANAGERS: readonly Role[] = ['property_manager', 'org_admin']
export const METER_READERS: readonly Role[] = ['board_member', 'accountant', 'auditor']
export const APARTMENT_PEOPLE: readonly Role[] = ['owner', 'owner_representative', 'resident']

const hasAny = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))

export function canOnMeters(p: Principal, action: string, resource: MeterResource): boolean {
  if (!(METER_ACTIONS as readonly string[]).includes(action)) return false
  const { org, place } = resource
  if (org.kind !== 'housing_cooperative') return false
  if (isPlatformAdmin(p)) return action === 'meters.overview' || action === 'meters.read'
  const roles = rolesIn(p, org)
  if (roles.size === 0) return false
  const manager = hasAny(roles, METER_MANAGERS)
  const serves = servesBuilding(p, org, roles, place?.buildingId ?? null)
  switch (action as MeterAction) {
    case 'meters.overview':
      return manager || serves || hasAny(roles, METER_READERS)
    case 'meters.manage':
      return manager || serves
    case 'meters.read':
      return manager || serves || hasAny(roles, METER_READERS) || livesIn(p, org, roles, place)
    case 'meters.submit':
      return manager || serves || livesIn(p, org, roles, place)
    default:
      return false
  }
}

/**
 * Maintenance staff serve a building when a cooperative membership names it or names no
 * building, or when their management company runs the cooperative. `buildingId` null asks about
 * the cooperative as a whole (its overview): serving any building of it is enough.
 */
function servesBuilding(p: Principal, org: OrgRef, roles: Set<Role>, buildingId: string | null): boolean {
  if (!roles.has('maintenance_staff')) return false
  const own = p.memberships.filter((m) => m.orgId === org.id && m.role === 'maintenance_staff')
  // The role came from the management company (rolesIn): the whole cooperative.
  if (own.length === 0) return true
  return own.some((m) => m.buildingId === null || buildingId === null || m.buildingId === buildingId)
}

function livesIn(p: Principal, org: OrgRef, roles: Set<Role>, place: MeterPlace | undefined): boolean {
  if (!place?.apartmentId || !hasAny(roles, APARTMENT_PEOPLE)) return false
  return p.memberships.some(
    (m) => m.orgId === org.id && APARTMENT_PEOPLE.includes(m.role) && m.apartmentId === place.apartmentId,
  )
}

/** What the client may show on a cooperative's meter pages. */
export function meterAbilitiesIn(p: Principal, org: OrgRef) {
  const r = { type: 'meters', org } as const
  return { overview: canOnMeters(p, 'meters.overview', r), manage: canOnMeters(p, 'meters.manage', r) }
}
