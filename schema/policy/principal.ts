import type { OrgKind, Role } from '../roles.ts'

/**
 * Who is asking and in which organisation: the facts every rule of the policy starts from
 * (schema/policy.ts). Every rule starts from the organisation of the *database row* of the
 * resource (passed in by the caller after loading it), never from anything the client sent.
 */

export interface MembershipGrant {
  readonly orgId: string
  readonly orgKind: OrgKind
  readonly role: Role
  readonly buildingId: string | null
  readonly apartmentId: string | null
}

export interface Principal {
  readonly userId: string
  readonly platformAdmin: boolean
  /** The session passed its second factor (or the user needs none). */
  readonly mfaVerified: boolean
  readonly memberships: readonly MembershipGrant[]
}

/** An organisation as stored: the facts every rule needs. */
export interface OrgRef {
  readonly id: string
  readonly kind: OrgKind
  readonly status: 'active' | 'suspended'
  /** The management company that runs this cooperative, if any. */
  readonly managedBy: string | null
}

/** Staff of a management company act in every cooperative it manages with the role they hold there. */
const STAFF_ROLES: readonly Role[] = ['property_manager', 'accountant', 'maintenance_staff', 'org_admin']

/** Staff and platform admins must pass TOTP; until they do, their elevated grants do not count. */
export function requiresMfa(p: Pick<Principal, 'platformAdmin' | 'memberships'>): boolean {
  return p.platformAdmin || p.memberships.some((m) => m.orgKind === 'management_company')
}

function elevatedGrantsCount(p: Principal): boolean {
  return p.mfaVerified || !requiresMfa(p)
}

export function isPlatformAdmin(p: Principal): boolean {
  return p.platformAdmin && elevatedGrantsCount(p)
}

/** Management-company staff memberships that count for this principal right now. */
export function staffGrants(p: Principal): MembershipGrant[] {
  if (!elevatedGrantsCount(p)) return []
  return p.memberships.filter((m) => m.orgKind === 'management_company' && STAFF_ROLES.includes(m.role))
}

export function isManagementStaff(p: Principal, roles: readonly Role[] = STAFF_ROLES): boolean {
  return staffGrants(p).some((m) => roles.includes(m.role))
}

/**
 * The roles a principal holds in an organisation: direct memberships plus, for a cooperative,
 * the roles held in the management company that runs it. A suspended organisation grants nothing.
 */
export function rolesIn(p: Principal, org: OrgRef): Set<Role> {
  const roles = new Set<Role>()
  if (org.status !== 'active') return roles
  for (const m of p.memberships) {
    if (m.orgId !== org.id) continue
    if (m.orgKind === 'management_company' && !elevatedGrantsCount(p)) continue
    roles.add(m.role)
  }
  if (org.managedBy) {
    for (const m of staffGrants(p)) if (m.orgId === org.managedBy) roles.add(m.role)
  }
  return roles
}

export const hasAny = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))
