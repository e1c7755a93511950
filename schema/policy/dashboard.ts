import type { Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Dashboards, the cooperative information page, external links, "my apartment" and service
 * history (issue 17), hooked into the one `can()` of schema/policy.ts. The organisation, and the
 * apartment or building asked about, come from their rows.
 *
 * - `dashboard.use`: anyone with a role in the organisation has a home dashboard there.
 * - `dashboard.defaults`: the property manager and the org admin set its default layouts.
 * - `orginfo.read`: every member of a cooperative reads its information page and links.
 * - `orginfo.edit`: staff (manager, org admin) and the board edit the page.
 * - `links.manage`: staff (manager, org admin) manage the external links.
 * - `apartment.read` (with `apartment`): its owners and residents, and the cooperative's
 *   manager, org admin and board.
 * - `history.read` (with `building`, and `apartment` for one apartment): the manager, the org
 *   admin, the board, maintenance staff serving the building, and owners for their apartment.
 * Platform admins read (support), never write. Contractors, investors and auditors get none of
 * the apartment or history views.
 */
export type DashboardAction =
  | 'dashboard.use'
  | 'dashboard.defaults'
  | 'orginfo.read'
  | 'orginfo.edit'
  | 'links.manage'
  | 'apartment.read'
  | 'history.read'
export const DASHBOARD_ACTIONS: readonly DashboardAction[] = [
  'dashboard.use',
  'dashboard.defaults',
  'orginfo.read',
  'orginfo.edit',
  'links.manage',
  'apartment.read',
  'history.read',
]

export interface PlaceFacts {
  readonly buildingId: string
  readonly apartmentId: string | null
}

export type DashboardResource = { type: 'dashboard'; org: OrgRef; place?: PlaceFacts }

export const DASHBOARD_ADMINS: readonly Role[] = ['property_manager', 'org_admin']
export const INFO_EDITORS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
export const APARTMENT_VIEWERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
const DWELLERS: readonly Role[] = ['owner', 'owner_representative', 'resident']
const OWNERS: readonly Role[] = ['owner', 'owner_representative']
const READS: readonly DashboardAction[] = ['orginfo.read', 'apartment.read', 'history.read']

export function canOnDashboard(p: Principal, action: string, resource: DashboardResource): boolean {
  if (!(DASHBOARD_ACTIONS as readonly string[]).includes(action)) return false
  const { org, place } = resource
  const cooperativeOnly = action !== 'dashboard.use' && action !== 'dashboard.defaults'
  if (cooperativeOnly && org.kind !== 'housing_cooperative') return false
  if (isPlatformAdmin(p) && READS.includes(action as DashboardAction)) return true
  const roles = rolesIn(p, org)
  if (roles.size === 0) return false
  switch (action as DashboardAction) {
    case 'dashboard.use':
    case 'orginfo.read':
      return true
    case 'dashboard.defaults':
    case 'links.manage':
      return hasAny(roles, DASHBOARD_ADMINS)
    case 'orginfo.edit':
      return hasAny(roles, INFO_EDITORS)
    case 'apartment.read':
      if (!place?.apartmentId) return false
      return hasAny(roles, APARTMENT_VIEWERS) || holds(p, org, DWELLERS, place.apartmentId)
    case 'history.read':
      if (!place) return false
      if (hasAny(roles, APARTMENT_VIEWERS) || serves(p, org, roles, place.buildingId)) return true
      return place.apartmentId !== null && holds(p, org, OWNERS, place.apartmentId)
    default:
      return false
  }
}

/** A membership of one of `wanted` roles names this apartment. */
function holds(p: Principal, org: OrgRef, wanted: readonly Role[], apartmentId: string): boolean {
  return p.memberships.some(
    (m) => m.orgId === org.id && wanted.includes(m.role) && m.apartmentId === apartmentId,
  )
}

/** Maintenance staff serve the building their cooperative membership names (or all, or via the company). */
function serves(p: Principal, org: OrgRef, roles: Set<Role>, buildingId: string): boolean {
  if (!roles.has('maintenance_staff')) return false
  const own = p.memberships.filter((m) => m.orgId === org.id && m.role === 'maintenance_staff')
  if (own.length === 0) return true
  return own.some((m) => m.buildingId === null || m.buildingId === buildingId)
}

/** What the client may show about an organisation's dashboard and information page. */
export function dashboardAbilitiesIn(p: Principal, org: OrgRef) {
  const r = { type: 'dashboard', org } as const
  return {
    defaults: canOnDashboard(p, 'dashboard.defaults', r),
    readInfo: canOnDashboard(p, 'orginfo.read', r),
    editInfo: canOnDashboard(p, 'orginfo.edit', r),
    manageLinks: canOnDashboard(p, 'links.manage', r),
  }
}
