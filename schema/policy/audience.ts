import type { Role } from '../roles.ts'
import { hasAny, type OrgRef, type Principal, rolesIn, staffGrants } from './principal.ts'

// Audiences: who may see a folder, a document, a search record (folders, search filters, threads).

/**
 * Who may see something inside an organisation. `roles: 'members'` admits every member;
 * `buildingId` limits building-scoped members to that building; participants (a case's reporter)
 * see it whatever their role; `internal` (staff notes) is for INTERNAL_ROLES only, participants
 * included. The search adapters translate exactly this rule into their filters.
 */
export interface Audience {
  readonly roles: 'members' | readonly Role[]
  readonly buildingId: string | null
  readonly participants: readonly string[]
  readonly internal: boolean
}

export const INTERNAL_ROLES: readonly Role[] = ['property_manager', 'accountant', 'org_admin']

/** A principal's reach in one organisation: the roles held and the buildings they are limited to. */
export interface OrgReach {
  readonly orgId: string
  readonly roles: readonly Role[]
  /** null: the whole organisation; otherwise only records of these buildings (or of none). */
  readonly buildings: readonly string[] | null
}

/**
 * Roles that act for the whole cooperative. Their membership may name the holder's own home (a
 * board member living in B 1), but the mandate is not limited to it: they handle every case and
 * manage every folder (canOnCase, canOnFolder). Their reach is never building-scoped, so search
 * finds what the policy lets them open.
 */
export const ORG_WIDE_ROLES: readonly Role[] = ['board_member', 'property_manager', 'org_admin']

/** The principal's reach in an organisation, or null when they hold no role there. */
export function reachIn(p: Principal, org: OrgRef): OrgReach | null {
  const roles = rolesIn(p, org)
  if (roles.size === 0) return null
  let unscoped = hasAny(roles, ORG_WIDE_ROLES)
  const buildings = new Set<string>()
  for (const m of p.memberships) {
    if (m.orgId === org.id && roles.has(m.role)) {
      if (m.buildingId === null) unscoped = true
      else buildings.add(m.buildingId)
    }
  }
  // Staff grants of the managing company are never building-scoped.
  if (org.managedBy && staffGrants(p).some((m) => m.orgId === org.managedBy)) unscoped = true
  return { orgId: org.id, roles: [...roles], buildings: unscoped ? null : [...buildings] }
}

export function audienceAdmits(reach: OrgReach, userId: string, audience: Audience): boolean {
  if (audience.internal && !reach.roles.some((r) => INTERNAL_ROLES.includes(r))) return false
  if (audience.participants.includes(userId)) return true
  const roleOk = audience.roles === 'members' || reach.roles.some((r) => audience.roles.includes(r))
  const buildingOk =
    audience.buildingId === null || reach.buildings === null || reach.buildings.includes(audience.buildingId)
  return roleOk && buildingOk
}
