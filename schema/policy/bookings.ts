import type { Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

// Bookings: the rules (hooked into can() in schema/policy.ts).

export type BookingAction = 'bookings.read' | 'bookings.create' | 'bookings.manage'
export const BOOKING_ACTIONS: readonly BookingAction[] = [
  'bookings.read',
  'bookings.create',
  'bookings.manage',
]

/** The bookable resources of an organisation (bookings exist in cooperatives). */
export type BookingResource = { type: 'bookings'; org: OrgRef }

/** Who may book at all; residents and owners book for the apartment their membership is scoped to. */
export const BOOKERS: readonly Role[] = [
  'owner',
  'owner_representative',
  'resident',
  'board_member',
  'property_manager',
  'org_admin',
]
/** Staff: resources, rules, links, standing shifts, booking on behalf, and who booked what. */
export const BOOKING_MANAGERS: readonly Role[] = ['property_manager', 'org_admin']

export function canOnBookings(p: Principal, action: BookingAction, resource: BookingResource): boolean {
  if (isPlatformAdmin(p)) return (BOOKING_ACTIONS as readonly string[]).includes(action)
  const roles = rolesIn(p, resource.org)
  if (roles.size === 0) return false
  switch (action) {
    case 'bookings.read':
      return true
    case 'bookings.create':
      return hasAny(roles, BOOKERS)
    case 'bookings.manage':
      return hasAny(roles, BOOKING_MANAGERS)
    default:
      return false
  }
}

/** What the client may show on the bookings page of an organisation. */
export function bookingAbilitiesIn(p: Principal, org: OrgRef): BookingAction[] {
  return BOOKING_ACTIONS.filter((a) => canOnBookings(p, a, { type: 'bookings', org }))
}
