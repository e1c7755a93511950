import { registerOrgNavItem } from '../shell/slots.ts'

/** "Bookings" in cooperatives, where the shared spaces are. */
export function registerBookingsNav(): void {
  registerOrgNavItem({
    path: 'bookings',
    label: 'bookings.nav',
    visible: (org) => org.kind === 'housing_cooperative',
  })
}
