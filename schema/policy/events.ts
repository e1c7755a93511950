import type { Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Event rules (issue 16). The facts come from rows the caller loaded (server/events/facts.ts):
 * the organisation, and whether the principal is among the event's invitees (resolved from its
 * audience when it was created).
 *
 * - Creating, editing, cancelling an event and reading who answered what: the organisation's
 *   board members, property managers and organisation admins (for a cooperative, the managing
 *   company's staff acting in it) — the people who may send its mass communications.
 * - Reading an event, its thread and its ICS: those organisers, and the invitees who still hold a
 *   role in the organisation (someone who moved out no longer sees it).
 * - Answering (RSVP) and writing in its thread: whoever reads it, while it is not cancelled;
 *   auditors read only.
 * - Moderating its thread: property managers and organisation admins.
 * - A suspended organisation grants nothing (rolesIn is empty), except to platform admins, who
 *   read (support) but never organise or answer.
 */
export type EventAction =
  | 'event.create'
  | 'event.manage'
  | 'event.read'
  | 'event.rsvp'
  | 'event.write'
  | 'event.moderate'
export const EVENT_ACTIONS: readonly EventAction[] = [
  'event.create',
  'event.manage',
  'event.read',
  'event.rsvp',
  'event.write',
  'event.moderate',
]
export const EVENT_ORGANISERS: readonly Role[] = ['board_member', 'property_manager', 'org_admin']
const MODERATORS: readonly Role[] = ['property_manager', 'org_admin']
const READ_ONLY: readonly Role[] = ['auditor']

export interface EventFacts {
  readonly id: string
  /** The principal is one of the event's invitees. */
  readonly invited: boolean
  readonly cancelled: boolean
}

/** `event: null` asks about an event that does not exist yet (event.create). */
export type EventResource = { type: 'event'; org: OrgRef; event: EventFacts | null }

export function canOnEvent(p: Principal, action: EventAction, resource: EventResource): boolean {
  if (!EVENT_ACTIONS.includes(action)) return false
  const { org, event } = resource
  const roles = rolesIn(p, org)
  const organiser = hasAny(roles, EVENT_ORGANISERS)
  if (action === 'event.create') return event === null && organiser
  if (event === null) return false
  const reads = organiser || (event.invited && roles.size > 0) || isPlatformAdmin(p)
  switch (action) {
    case 'event.read':
      return reads
    case 'event.manage':
      return organiser
    case 'event.rsvp':
    case 'event.write':
      return reads && !event.cancelled && roles.size > 0 && [...roles].some((r) => !READ_ONLY.includes(r))
    case 'event.moderate':
      return hasAny(roles, MODERATORS) || isPlatformAdmin(p)
    default:
      return false
  }
}

/** What the client may show on an organisation's events page. */
export function eventAbilitiesIn(p: Principal, org: OrgRef) {
  return { create: canOnEvent(p, 'event.create', { type: 'event', org, event: null }) }
}
