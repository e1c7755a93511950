import type { Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Data-protection rights (issue 18), hooked into the one `can()` of schema/policy.ts. A person
 * asks for their own export and erasure (that needs no rule: it is always and only their own).
 * Erasure happens once the staff of every organisation the person belongs to has confirmed it:
 * the organisation's admins and property managers (the management company's included), each for
 * their own organisation (`org` is its row).
 */
export type GdprAction =
  | 'gdpr.erasure.confirm'
  | 'gdpr.retention.read'
  | 'gdpr.retention.manage'
  | 'gdpr.activity.read'
export const GDPR_ACTIONS: readonly GdprAction[] = [
  'gdpr.erasure.confirm',
  'gdpr.retention.read',
  'gdpr.retention.manage',
  'gdpr.activity.read',
]
export type GdprResource = { type: 'gdpr'; org: OrgRef }

export const ERASURE_CONFIRMERS: readonly Role[] = ['org_admin', 'property_manager']

/**
 * Retention (how long closed cases, chat history and readings are kept) is set by the same staff
 * who confirm erasures; the auditor and the board may read it (and its dry-run report).
 */
export const RETENTION_MANAGERS: readonly Role[] = ['org_admin', 'property_manager']
export const RETENTION_READERS: readonly Role[] = [...RETENTION_MANAGERS, 'auditor', 'board_member']
/** An organisation's activity history (its audit log, described): its admins, managers and auditor. */
export const ACTIVITY_READERS: readonly Role[] = ['org_admin', 'property_manager', 'auditor']

const WHO: Record<GdprAction, readonly Role[]> = {
  'gdpr.erasure.confirm': ERASURE_CONFIRMERS,
  'gdpr.retention.read': RETENTION_READERS,
  'gdpr.retention.manage': RETENTION_MANAGERS,
  'gdpr.activity.read': ACTIVITY_READERS,
}

export function canOnGdpr(p: Principal, action: string, resource: GdprResource): boolean {
  if (!(GDPR_ACTIONS as readonly string[]).includes(action)) return false
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, resource.org)
  return WHO[action as GdprAction].some((r) => roles.has(r))
}
