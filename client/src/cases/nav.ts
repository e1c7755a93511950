import { registerOrgNavItem } from '../shell/slots.ts'
import { unreadCount } from './inbox.ts'

/** "Cases" and "Notifications" in each organisation's navigation, with live unread badges. */
export function registerCasesNav(): void {
  registerOrgNavItem({
    path: 'cases',
    label: 'cases.nav',
    // In a partner company: the cases its contractor is assigned to, across cooperatives.
    visible: (org) => org.kind === 'housing_cooperative' || org.kind === 'partner_company',
    badge: (org) => unreadCount(org.id, 'cases'),
  })
  registerOrgNavItem({
    path: 'notifications',
    label: 'cases.notifications.nav',
    visible: () => true,
    badge: (org) => unreadCount(org.id, 'all'),
  })
}
