import type { Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Communications rules (issue 16). Every fact comes from rows the caller loaded: the
 * organisation, never an id the client sent.
 *
 * - Platform-wide announcements: platform admins (after their second factor) only.
 * - An organisation's announcements and mass communications: its board members, property
 *   managers and organisation admins — for a cooperative that includes the managing company's
 *   staff acting in it (`rolesIn`). Accountants, auditors, residents and partners may not.
 * - Reading the list of sends and their delivery status: the same people.
 * - A suspended organisation grants nothing (rolesIn is empty), except to platform admins.
 */
export type CommunicationsAction = 'communications.send' | 'communications.read' | 'announcements.publish'
export const COMMUNICATIONS_ACTIONS: readonly CommunicationsAction[] = [
  'communications.send',
  'communications.read',
  'announcements.publish',
]
export const SENDER_ROLES: readonly Role[] = ['board_member', 'property_manager', 'org_admin']

/** `org: null` is the platform (global announcements). */
export type CommunicationsResource = { type: 'communications'; org: OrgRef | null }

export function canOnCommunications(
  p: Principal,
  action: CommunicationsAction,
  resource: CommunicationsResource,
): boolean {
  if (!COMMUNICATIONS_ACTIONS.includes(action)) return false
  const { org } = resource
  if (org === null) return action === 'announcements.publish' && isPlatformAdmin(p)
  if (isPlatformAdmin(p) && action !== 'communications.send') return true
  const roles = rolesIn(p, org)
  return SENDER_ROLES.some((r) => roles.has(r))
}

/** What the client may show. */
export function communicationsAbilitiesIn(p: Principal, org: OrgRef) {
  const r = { type: 'communications', org } as const
  return {
    send: canOnCommunications(p, 'communications.send', r),
    read: canOnCommunications(p, 'communications.read', r),
    announce: canOnCommunications(p, 'announcements.publish', r),
  }
}
