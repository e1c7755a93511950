import { type CaseStatus, OPEN_CASE_STATUSES } from '../cases.ts'
import type { Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn, staffGrants } from './principal.ts'

// Cases: the rules (hooked into can() in schema/policy.ts).

export type CaseAction =
  | 'case.create'
  | 'case.read'
  | 'case.edit'
  | 'case.comment'
  | 'case.manage'
  | 'case.internal.read'
  | 'case.internal.write'
  | 'case.moderate'
  | 'case.history'
  | 'case.categories'
export const CASE_ACTIONS: readonly CaseAction[] = [
  'case.create',
  'case.read',
  'case.edit',
  'case.comment',
  'case.manage',
  'case.internal.read',
  'case.internal.write',
  'case.moderate',
  'case.history',
  'case.categories',
]

/** A case as stored: the facts its rules need (from the `cases` row and its participants). */
export interface CaseFacts {
  readonly id: string
  readonly reporterId: string
  readonly assigneeId: string | null
  readonly participants: readonly string[]
  /**
   * The partner company (its row) each participant was added through; absent for those added as
   * members of the cooperative. Their access holds only while they still belong there.
   */
  readonly addedThrough: Readonly<Record<string, OrgRef>>
  readonly buildingId: string | null
  readonly sharedWithBuilding: boolean
}

/** `case: null` asks about a case that does not exist yet (case.create). */
export type CaseResource = { type: 'case'; org: OrgRef; case: CaseFacts | null }

/** Who reports cases: everyone who lives in or runs the cooperative (not auditors, investors). */
export const CASE_REPORTERS: readonly Role[] = [
  'owner',
  'owner_representative',
  'resident',
  'board_member',
  'property_manager',
  'accountant',
  'maintenance_staff',
  'org_admin',
]
/**
 * Who handles every case of a cooperative: sees them all, sets status, assignee, due date and
 * category, reads and writes internal notes. Maintenance staff scoped to a building handle that
 * building's cases only; the board acts for the whole cooperative whatever its home apartment.
 */
export const CASE_HANDLERS: readonly Role[] = [
  'property_manager',
  'org_admin',
  'board_member',
  'accountant',
  'maintenance_staff',
]
/** Who keeps a cooperative's case categories. */
export const CATEGORY_MANAGERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
/** Who moderates case conversations (hide a message, lock a thread). */
export const CASE_MODERATORS: readonly Role[] = ['property_manager', 'org_admin']
const NEIGHBOUR_ROLES: readonly Role[] = ['owner', 'owner_representative', 'resident']

/** The buildings this principal's memberships of `wanted` roles cover in `org`; null: all of them. */
function buildingsOf(p: Principal, org: OrgRef, wanted: readonly Role[]): string[] | null {
  if (org.managedBy && staffGrants(p).some((m) => m.orgId === org.managedBy && wanted.includes(m.role)))
    return null
  const buildings: string[] = []
  for (const m of p.memberships) {
    if (m.orgId !== org.id || !wanted.includes(m.role)) continue
    if (m.buildingId === null) return null
    buildings.push(m.buildingId)
  }
  return buildings
}

const covers = (buildings: string[] | null, buildingId: string | null) =>
  buildings === null || buildingId === null || buildings.includes(buildingId)

/** Handlers whose reach is the whole cooperative (maintenance staff may be scoped to buildings). */
const FULL_HANDLERS: readonly Role[] = CASE_HANDLERS.filter((r) => r !== 'maintenance_staff')

/**
 * Whether `case.read` holds for every case of `org` whatever its facts (reporter, assignee,
 * participants, building, sharing): platform admins, full handlers and auditors, maintenance staff
 * not scoped to buildings. A list may then skip the per-case question for that organisation, and
 * the facts it would load for it; for anyone else (a resident, building-scoped maintenance staff,
 * a contractor) each case must still be asked. `case.test.ts` holds it to `canOnCase`.
 */
export function readsEveryCase(p: Principal, org: OrgRef): boolean {
  if (isPlatformAdmin(p)) return true
  // Empty for a suspended organisation.
  const roles = rolesIn(p, org)
  if (hasAny(roles, FULL_HANDLERS) || roles.has('auditor')) return true
  return roles.has('maintenance_staff') && buildingsOf(p, org, ['maintenance_staff']) === null
}

/**
 * Case visibility: the reporter (while still a member), handlers of that cooperative, its
 * auditors (read-only), explicit participants and the assignee (e.g. a contractor, who holds no
 * role in the cooperative at all, while still in the partner company they were added through); other residents only when the case is shared with their
 * building, and then only to read and comment. Internal notes: handlers and the assignee, never
 * residents (a resident participant included).
 */
export function canOnCase(p: Principal, action: CaseAction, resource: CaseResource): boolean {
  if (!(CASE_ACTIONS as readonly string[]).includes(action)) return false
  const { org } = resource
  const facts = resource.case
  if (isPlatformAdmin(p)) return true
  if (org.status !== 'active') return false
  const roles = rolesIn(p, org)
  if (action === 'case.create') return facts === null && hasAny(roles, CASE_REPORTERS)
  // A cooperative's categories (add, rename, retire): its staff and board.
  if (action === 'case.categories')
    return facts === null && org.kind === 'housing_cooperative' && hasAny(roles, CATEGORY_MANAGERS)
  if (facts === null) return false

  const fullHandler = hasAny(roles, FULL_HANDLERS)
  const maintenance =
    roles.has('maintenance_staff') && covers(buildingsOf(p, org, ['maintenance_staff']), facts.buildingId)
  const handler = fullHandler || maintenance
  const auditor = roles.has('auditor')
  const reporter = roles.size > 0 && facts.reporterId === p.userId
  // Being added or assigned is a grant on top of a membership, never instead of one. A participant
  // counts while they belong to the cooperative (or its managing company) or to the partner company
  // they were added through; an assignee while they could still be assigned (api/cases/
  // assignable.ts): a handler here, or such a participant. Removing them or changing their role
  // there ends it (issue 12).
  const via = facts.addedThrough[p.userId]
  const belongs = roles.size > 0 || (via !== undefined && rolesIn(p, via).size > 0)
  const participant = belongs && facts.participants.includes(p.userId)
  const assignee = facts.assigneeId === p.userId && (participant || hasAny(roles, CASE_HANDLERS))
  const neighbour =
    facts.sharedWithBuilding &&
    facts.buildingId !== null &&
    hasAny(roles, NEIGHBOUR_ROLES) &&
    covers(buildingsOf(p, org, NEIGHBOUR_ROLES), facts.buildingId)

  const editor = handler || reporter || assignee || participant
  switch (action) {
    case 'case.read':
      return editor || auditor || neighbour
    case 'case.edit':
      return editor
    case 'case.comment':
      return editor || neighbour
    case 'case.manage':
      return handler
    case 'case.internal.read':
    case 'case.internal.write':
      return handler || assignee
    case 'case.moderate':
      return hasAny(roles, CASE_MODERATORS)
    // Every version of a message in its conversations: moderators and auditors (who read).
    case 'case.history':
      return hasAny(roles, CASE_MODERATORS) || auditor
    default:
      return false
  }
}

/**
 * A change to a case's record (its description and checklist), as the collab guard sees it.
 * `authorId` is who added the checklist item (null: an item from before authors were recorded,
 * counted as staff's).
 */
export type CaseRecordChange =
  | { part: 'description'; change: 'append' | 'rewrite' }
  | { part: 'checklist'; change: 'add' | 'edit' | 'tick' | 'remove'; authorId: string | null }

/** Until a case is handled (resolved or closed) its reporter may still add to what they wrote. */

/**
 * Who keeps the case record, for someone who may edit the case at all (`case.edit`). Case
 * managers (`case.manage`: staff, board, maintenance) change anything. Everyone else (the
 * reporter, a participant, a contractor) may add to the description while the case is open but
 * never rewrite what is there, and may add checklist items of their own and tick, edit or remove
 * those, never staff's. The guard (collab-server/guard/caseRules.ts) asks this for every change;
 * `manager` is `can(p, 'case.manage', case)` as decided when the document was opened.
 */
export function mayChangeCaseRecord(
  writer: { readonly userId: string; readonly manager: boolean },
  status: CaseStatus,
  change: CaseRecordChange,
): boolean {
  if (writer.manager) return true
  if (change.part === 'description') return change.change === 'append' && OPEN_CASE_STATUSES.includes(status)
  return change.authorId === writer.userId
}

/** What the client may show for one case: sent with the case. */
export function caseAbilitiesFor(p: Principal, org: OrgRef, facts: CaseFacts): CaseAction[] {
  return CASE_ACTIONS.filter(
    (a) => a !== 'case.create' && canOnCase(p, a, { type: 'case', org, case: facts }),
  )
}
