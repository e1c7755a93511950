import { registerOrgNavItem } from '../shell/slots.ts'

/** Adds "Chat" to every organisation's navigation (the list itself shows only readable channels). */
export function registerChatNav(): void {
  registerOrgNavItem({ path: 'chat', label: 'chat.nav', visible: () => true })
}
