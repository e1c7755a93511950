import { unreadCount } from '../cases/inbox.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * "Boards" in cooperatives (the list shows only boards the user may read) and "My tasks" in
 * every organisation, contractors' partner companies included.
 */
export function registerBoardsNav(): void {
  registerOrgNavItem({
    path: 'boards',
    label: 'boards.nav',
    visible: (org) => org.kind === 'housing_cooperative',
  })
  registerOrgNavItem({
    path: 'tasks',
    label: 'boards.myTasksNav',
    visible: () => true,
    // Unread "assigned to you", "delegated" and due-date items, live from the inbox.
    badge: (org) => unreadCount(org.id, 'tasks'),
  })
}
