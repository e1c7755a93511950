import { unreadCount } from '../cases/inbox.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/** Adds "Chat" to every organisation's navigation (the list itself shows only readable channels). */
export function registerChatNav(): void {
  registerOrgNavItem({
    path: 'chat',
    label: 'chat.nav',
    visible: () => true,
    // New messages and mentions in channels, live from the inbox.
    badge: (org) => unreadCount(org.id, 'chat'),
  })
}
