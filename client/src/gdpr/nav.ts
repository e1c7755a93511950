import type { MeOrganisation, MeResponse } from '../../../schema/api/users.ts'
import {
  ACTIVITY_READERS,
  ERASURE_CONFIRMERS,
  RETENTION_MANAGERS,
  RETENTION_READERS,
} from '../../../schema/policy/gdpr.ts'
import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * Who sees the retention and activity pages, from the role lists of schema/policy/gdpr.ts (the
 * API decides; this only keeps the menu and the buttons to what the role may do). `/api/me` gives
 * the roles per organisation, the management company's included.
 */
const holds = (org: MeOrganisation | undefined, roles: readonly Role[]) =>
  org?.status === 'active' && org.roles.some((r) => roles.includes(r))

export const mayReadRetention = (org: MeOrganisation | undefined) => holds(org, RETENTION_READERS)
export const mayConfirmErasures = (org: MeOrganisation | undefined) => holds(org, ERASURE_CONFIRMERS)
export const mayReadActivity = (org: MeOrganisation | undefined) => holds(org, ACTIVITY_READERS)

/** Editing retention: the organisation's admins and property managers, and platform admins. */
export function mayManageRetention(me: MeResponse, org: MeOrganisation | undefined): boolean {
  return me.user.platformAdmin || holds(org, RETENTION_MANAGERS)
}

export function registerGdprNav(): void {
  registerOrgNavItem({
    path: 'erasure-requests',
    label: 'gdpr.erasures.nav',
    visible: mayConfirmErasures,
    group: 'admin',
  })
  registerOrgNavItem({
    path: 'retention',
    label: 'gdpr.retention.nav',
    visible: mayReadRetention,
    group: 'admin',
  })
  registerOrgNavItem({
    path: 'activity',
    label: 'gdpr.activity.nav',
    visible: mayReadActivity,
    group: 'admin',
  })
}
