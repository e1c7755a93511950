import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * Mirrors schema/policy/communications.ts for the menu only (the API decides): "Messages" for
 * every member; "Communications" for the board, the property manager and organisation admins.
 */
const SENDERS: readonly Role[] = ['board_member', 'property_manager', 'org_admin']

export function registerCommunicationsNav(): void {
  registerOrgNavItem({ path: 'messages', label: 'communications.navMessages', visible: () => true })
  registerOrgNavItem({
    path: 'communications',
    label: 'communications.navSends',
    visible: (org) => org.status === 'active' && org.roles.some((r) => SENDERS.includes(r)),
  })
}
