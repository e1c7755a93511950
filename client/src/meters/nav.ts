import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * Mirrors schema/policy/meters.ts for the menu only (the API decides): "Meters" in a cooperative
 * for its residents and owners, staff, maintenance, the board, the accountant and the auditor.
 */
const MEMBERS: readonly Role[] = [
  'owner',
  'owner_representative',
  'resident',
  'board_member',
  'property_manager',
  'accountant',
  'auditor',
  'maintenance_staff',
  'org_admin',
]

export function registerMetersNav(): void {
  registerOrgNavItem({
    path: 'meters',
    label: 'meters.nav',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.some((r) => MEMBERS.includes(r)),
  })
}
