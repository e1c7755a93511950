import type { Role } from '../roles.ts'
import type { Audience } from './audience.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

// Chat threads (live documents): the rules (hooked into can() in schema/policy.ts).

export type ThreadAction =
  | 'thread.read'
  | 'thread.write'
  | 'thread.moderate'
  | 'thread.create'
  | 'thread.history'
  | 'thread.rename'
export const THREAD_ACTIONS: readonly ThreadAction[] = [
  'thread.read',
  'thread.write',
  'thread.moderate',
  'thread.create',
  'thread.history',
  'thread.rename',
]

/** Who a standing channel is for: everyone in the organisation, or its board and staff. */
export type ThreadAudience = 'members' | 'board'

/** A thread as stored: the facts its rules need. */
export interface ThreadFacts {
  readonly id: string
  readonly audience: ThreadAudience
  readonly archived: boolean
}

/** `thread: null` asks about a thread that does not exist yet (thread.create). */
export type ThreadResource = { type: 'thread'; org: OrgRef; thread: ThreadFacts | null }

const BOARD_AUDIENCE: readonly Role[] = ['board_member', 'property_manager', 'accountant', 'org_admin']
/** Roles that may read what they can see but never write into it. */
const READ_ONLY_ROLES: readonly Role[] = ['auditor']
const THREAD_MODERATORS: readonly Role[] = ['property_manager', 'org_admin']
const CHANNEL_CREATORS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']

export function canOnThread(p: Principal, action: ThreadAction, resource: ThreadResource): boolean {
  const { org, thread } = resource
  if (isPlatformAdmin(p)) return (THREAD_ACTIONS as readonly string[]).includes(action)
  const roles = rolesIn(p, org)
  if (roles.size === 0) return false
  if (action === 'thread.create') return thread === null && hasAny(roles, CHANNEL_CREATORS)
  if (thread === null) return false
  const reads = thread.audience === 'members' || hasAny(roles, BOARD_AUDIENCE)
  if (!reads) return false
  switch (action) {
    case 'thread.read':
      return true
    case 'thread.write':
      return !thread.archived && [...roles].some((r) => !READ_ONLY_ROLES.includes(r))
    case 'thread.moderate':
      return hasAny(roles, THREAD_MODERATORS)
    // Every version of a message (original, edits, deletion): moderators and auditors only.
    case 'thread.history':
      return hasAny(roles, [...THREAD_MODERATORS, 'auditor'])
    // A standing channel's names (fi/sv/en): whoever may create channels.
    case 'thread.rename':
      return hasAny(roles, CHANNEL_CREATORS)
    default:
      return false
  }
}

/** Who reads a thread's messages, as an audience (the same rule as thread.read). */
export function threadAudience(thread: Pick<ThreadFacts, 'audience'>): Audience {
  return {
    roles: thread.audience === 'members' ? 'members' : BOARD_AUDIENCE,
    buildingId: null,
    participants: [],
    internal: false,
  }
}
