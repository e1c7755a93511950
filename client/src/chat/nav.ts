import { registerOrgNavItem } from '../shell/slots.ts'
import { chatUnread } from './unread.ts'

/** Adds "Chat" to every organisation's navigation (the list itself shows only readable channels). */
export function registerChatNav(): void {
  registerOrgNavItem({
    path: 'chat',
    label: 'chat.nav',
    visible: () => true,
    // The same numbers as the channel list: unread messages summed over readable channels.
    badge: (org) => chatUnread(org.id).total,
  })
}
