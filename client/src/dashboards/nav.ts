import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * Mirrors schema/policy/dashboard.ts for the menu only (the API decides): the information page
 * for every member of a cooperative, "my apartment" for its owners and residents, service
 * history for the board, staff and maintenance, dashboard defaults for staff.
 */
const DWELLERS: readonly Role[] = ['owner', 'owner_representative', 'resident']
const HISTORY: readonly Role[] = ['board_member', 'property_manager', 'org_admin', 'maintenance_staff']
const ADMINS: readonly Role[] = ['property_manager', 'org_admin']

export function registerDashboardsNav(): void {
  registerOrgNavItem({
    path: 'info',
    label: 'dashboards.info.nav',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.length > 0,
  })
  registerOrgNavItem({
    path: 'apartment',
    label: 'dashboards.apartment.nav',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.some((r) => DWELLERS.includes(r)),
  })
  registerOrgNavItem({
    path: 'history',
    label: 'dashboards.history.buildingNav',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.some((r) => HISTORY.includes(r)),
  })
  registerOrgNavItem({
    path: 'dashboard-defaults',
    label: 'dashboards.defaults.nav',
    visible: (org) => org.roles.some((r) => ADMINS.includes(r)),
  })
}
