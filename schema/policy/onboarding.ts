import type { Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Onboarding organisations (issue 18), hooked into the one `can()` of schema/policy.ts. Every
 * organisation here is its database row.
 *
 * - A management company or an investor portfolio is created by a platform admin (`org: null`).
 * - A cooperative is created under a management company by that company's org admins and
 *   property managers (`org` is the company).
 * - A cooperative is handed over to another management company by a platform admin or an org
 *   admin of the company that runs it now (`org` the cooperative, `from` its current company, `to`
 *   the receiving one, which must be an active management company).
 */
export type OnboardingAction = 'orgs.create' | 'cooperatives.create' | 'org.handover'
export const ONBOARDING_ACTIONS: readonly OnboardingAction[] = [
  'orgs.create',
  'cooperatives.create',
  'org.handover',
]

export type OnboardingResource = {
  type: 'onboarding'
  org: OrgRef | null
  from?: OrgRef | null
  to?: OrgRef | null
}

export const COOPERATIVE_CREATORS: readonly Role[] = ['org_admin', 'property_manager']
export const HANDOVER_ROLES: readonly Role[] = ['org_admin']

export function canOnOnboarding(p: Principal, action: string, resource: OnboardingResource): boolean {
  const { org } = resource
  switch (action) {
    case 'orgs.create':
      return org === null && isPlatformAdmin(p)
    case 'cooperatives.create': {
      if (org?.kind !== 'management_company' || org.status !== 'active') return false
      if (isPlatformAdmin(p)) return true
      const roles = rolesIn(p, org)
      return COOPERATIVE_CREATORS.some((r) => roles.has(r))
    }
    case 'org.handover': {
      const { from, to } = resource
      if (org?.kind !== 'housing_cooperative' || !to) return false
      if (to.kind !== 'management_company' || to.status !== 'active' || to.id === org.managedBy) return false
      if (isPlatformAdmin(p)) return true
      if (!from || from.id !== org.managedBy) return false
      const roles = rolesIn(p, from)
      return HANDOVER_ROLES.some((r) => roles.has(r))
    }
    default:
      return false
  }
}
