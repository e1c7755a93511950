import { registerOrgNavItem } from '../shell/slots.ts'

/** "Events" for every member of an active organisation: each sees the events they are invited to. */
export function registerEventsNav(): void {
  registerOrgNavItem({ path: 'events', label: 'events.nav', visible: (org) => org.status === 'active' })
}
