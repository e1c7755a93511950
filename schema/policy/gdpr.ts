import type { Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Data-protection rights (issue 18), hooked into the one `can()` of schema/policy.ts. A person
 * asks for their own export and erasure (that needs no rule: it is always and only their own).
 * Erasure happens once the staff of every organisation the person belongs to has confirmed it:
 * the organisation's admins and property managers (the management company's included), each for
 * their own organisation (`org` is its row).
 */
export type GdprAction = 'gdpr.erasure.confirm'
export const GDPR_ACTIONS: readonly GdprAction[] = ['gdpr.erasure.confirm']
export type GdprResource = { type: 'gdpr'; org: OrgRef }

export const ERASURE_CONFIRMERS: readonly Role[] = ['org_admin', 'property_manager']

export function canOnGdpr(p: Principal, action: string, resource: GdprResource): boolean {
  if (action !== 'gdpr.erasure.confirm') return false
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, resource.org)
  return ERASURE_CONFIRMERS.some((r) => roles.has(r))
}
