import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { type BookingAction, can, type OrgRef, type Principal } from '../../schema/policy.ts'
import { orgRefOf } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * `authorizeOrg` for booking actions: the organisation row (from the session cache, as
 * `authorizeOrg` reads it: emptied on every suspension and handover) put to the one policy.
 * Someone who cannot read the organisation gets 404; a member without the role gets 403.
 */
export async function authorizeBookings(
  c: Context<AppEnv>,
  orgId: string,
  action: BookingAction,
): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await orgRefOf(c, orgId)
  if (!org) throw notFound('The organisation')
  const resource = { type: 'bookings', org } as const
  // Platform admins may act on suspended organisations, which grant members nothing.
  if (!can(principal, 'bookings.read', resource) && !can(principal, action, resource)) {
    throw notFound('The organisation')
  }
  if (!can(principal, action, resource)) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  return org
}

/**
 * The apartments the caller books for here: those their memberships are scoped to, from the
 * principal (cached with the session and forgotten on every membership change), not a query.
 */
export const apartmentsIn = (p: Principal, orgId: string): string[] => [
  ...new Set(p.memberships.flatMap((m) => (m.orgId === orgId && m.apartmentId ? [m.apartmentId] : []))),
]

export const isBookingStaff = (c: Context<AppEnv>, org: OrgRef) =>
  can(c.get('principal'), 'bookings.manage', { type: 'bookings', org })
