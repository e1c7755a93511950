import { type CaseStatus, OPEN_CASE_STATUSES } from './cases.ts'
import { canOnFinance, type FinanceAction, type FinanceResource } from './policy/finance.ts'
import { canOnGdpr, type GdprAction, type GdprResource } from './policy/gdpr.ts'
import { canOnOnboarding, type OnboardingAction, type OnboardingResource } from './policy/onboarding.ts'
import { type OrgKind, ROLE_GROUP, ROLES, type Role, type RoleGroup } from './roles.ts'

/**
 * The one policy. The API routes and the collab server's auth both call `can()`, so HTTP and
 * websocket never drift. Every rule starts from the organisation of the *database row* of the
 * resource (passed in by the caller after loading it), never from anything the client sent.
 */

export interface MembershipGrant {
  readonly orgId: string
  readonly orgKind: OrgKind
  readonly role: Role
  readonly buildingId: string | null
  readonly apartmentId: string | null
}

export interface Principal {
  readonly userId: string
  readonly platformAdmin: boolean
  /** The session passed its second factor (or the user needs none). */
  readonly mfaVerified: boolean
  readonly memberships: readonly MembershipGrant[]
}

/** An organisation as stored: the facts every rule needs. */
export interface OrgRef {
  readonly id: string
  readonly kind: OrgKind
  readonly status: 'active' | 'suspended'
  /** The management company that runs this cooperative, if any. */
  readonly managedBy: string | null
}

export type OrgAction =
  | 'org.read'
  | 'org.structure.read'
  | 'org.structure.manage'
  | 'members.read'
  | 'members.manage'
  | 'audit.read'
  | 'org.suspend'
export type PlatformAction = 'registrations.review' | 'orgs.list_all' | 'mail.dev_mailbox'
export type Action =
  | OrgAction
  | PlatformAction
  | ThreadAction
  | BookingAction
  | FolderAction
  | CaseAction
  | BoardAction
  | KbAction
  | MaterialAction
  | FinanceAction
  | OnboardingAction
  | GdprAction

export const ORG_ACTIONS: readonly OrgAction[] = [
  'org.read',
  'org.structure.read',
  'org.structure.manage',
  'members.read',
  'members.manage',
  'audit.read',
  'org.suspend',
]

/** Staff of a management company act in every cooperative it manages with the role they hold there. */
const STAFF_ROLES: readonly Role[] = ['property_manager', 'accountant', 'maintenance_staff', 'org_admin']

/** Staff and platform admins must pass TOTP; until they do, their elevated grants do not count. */
export function requiresMfa(p: Pick<Principal, 'platformAdmin' | 'memberships'>): boolean {
  return p.platformAdmin || p.memberships.some((m) => m.orgKind === 'management_company')
}

function elevatedGrantsCount(p: Principal): boolean {
  return p.mfaVerified || !requiresMfa(p)
}

export function isPlatformAdmin(p: Principal): boolean {
  return p.platformAdmin && elevatedGrantsCount(p)
}

/** Management-company staff memberships that count for this principal right now. */
function staffGrants(p: Principal): MembershipGrant[] {
  if (!elevatedGrantsCount(p)) return []
  return p.memberships.filter((m) => m.orgKind === 'management_company' && STAFF_ROLES.includes(m.role))
}

export function isManagementStaff(p: Principal, roles: readonly Role[] = STAFF_ROLES): boolean {
  return staffGrants(p).some((m) => roles.includes(m.role))
}

/** Who approves partner registrations besides platform admins (issue 18: not maintenance or accounting). */
export const REGISTRATION_REVIEWERS: readonly Role[] = ['org_admin', 'property_manager']

/**
 * The roles a principal holds in an organisation: direct memberships plus, for a cooperative,
 * the roles held in the management company that runs it. A suspended organisation grants nothing.
 */
export function rolesIn(p: Principal, org: OrgRef): Set<Role> {
  const roles = new Set<Role>()
  if (org.status !== 'active') return roles
  for (const m of p.memberships) {
    if (m.orgId !== org.id) continue
    if (m.orgKind === 'management_company' && !elevatedGrantsCount(p)) continue
    roles.add(m.role)
  }
  if (org.managedBy) {
    for (const m of staffGrants(p)) if (m.orgId === org.managedBy) roles.add(m.role)
  }
  return roles
}

const hasAny = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))

const ORG_RULES: Readonly<Record<OrgAction, (roles: Set<Role>, org: OrgRef, p: Principal) => boolean>> = {
  'org.read': (roles) => roles.size > 0,
  'org.structure.read': (roles) => roles.size > 0,
  'org.structure.manage': (roles) => hasAny(roles, ['org_admin', 'property_manager']),
  'members.read': (roles) => hasAny(roles, ['org_admin', 'property_manager', 'board_member']),
  'members.manage': (roles) => hasAny(roles, ['org_admin', 'property_manager']),
  'audit.read': (roles) => hasAny(roles, ['org_admin', 'property_manager', 'auditor']),
  // Suspension is the management company's (for what it runs) or the platform's.
  'org.suspend': (_roles, org, p) =>
    org.managedBy !== null && staffGrants(p).some((m) => m.orgId === org.managedBy && m.role === 'org_admin'),
}

export type Resource =
  | { type: 'org'; org: OrgRef }
  | { type: 'platform' }
  | ThreadResource
  | BookingResource
  | FolderResource
  | CaseResource
  | BoardResource
  | TaskResource
  | ArticleResource
  | MaterialResource
  | FinanceResource
  | OnboardingResource
  | GdprResource

export function can(p: Principal, action: Action, resource: Resource): boolean {
  if (resource.type === 'platform') {
    if (action === 'registrations.review')
      return isPlatformAdmin(p) || isManagementStaff(p, REGISTRATION_REVIEWERS)
    if (action === 'orgs.list_all') return isPlatformAdmin(p)
    // The demo's dev mailbox holds reset links: besides loopback clients (api/mail/routes.ts),
    // only platform admins may read it.
    if (action === 'mail.dev_mailbox') return isPlatformAdmin(p)
    return false
  }
  if (resource.type === 'thread') return canOnThread(p, action, resource)
  if (resource.type === 'case') return canOnCase(p, action, resource)
  if (resource.type === 'folder') return canOnFolder(p, action, resource)
  if (resource.type === 'bookings') return canOnBookings(p, action, resource)
  if (resource.type === 'board') return canOnBoard(p, action, resource)
  if (resource.type === 'task') return canOnTask(p, action, resource)
  if (resource.type === 'article') return canOnArticle(p, action, resource)
  if (resource.type === 'materials') return canOnMaterials(p, action, resource)
  if (resource.type === 'finance') return canOnFinance(p, action, resource)
  if (resource.type === 'onboarding') return canOnOnboarding(p, action, resource)
  if (resource.type === 'gdpr') return canOnGdpr(p, action, resource)
  if (!isOrgAction(action)) return false
  const { org } = resource
  // Platform admins see and administer every organisation, suspended ones included.
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, org)
  if (roles.size === 0 && action !== 'org.suspend') return false
  return ORG_RULES[action](roles, org, p)
}

function isOrgAction(action: Action): action is OrgAction {
  return (ORG_ACTIONS as readonly string[]).includes(action)
}

/** What the client may show for an organisation: sent with GET /api/me. */
export function abilitiesIn(p: Principal, org: OrgRef): OrgAction[] {
  return ORG_ACTIONS.filter((a) => can(p, a, { type: 'org', org }))
}

// ── Chat threads (live documents) ────────────────────────────────────────────────────────────

export type ThreadAction =
  | 'thread.read'
  | 'thread.write'
  | 'thread.moderate'
  | 'thread.create'
  | 'thread.history'
export const THREAD_ACTIONS: readonly ThreadAction[] = [
  'thread.read',
  'thread.write',
  'thread.moderate',
  'thread.create',
  'thread.history',
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

function canOnThread(p: Principal, action: Action, resource: ThreadResource): boolean {
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
    default:
      return false
  }
}

// ── Bookings ────────────────────────────────────────────────────────────────────────────────

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

function canOnBookings(p: Principal, action: Action, resource: BookingResource): boolean {
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
  return BOOKING_ACTIONS.filter((a) => can(p, a, { type: 'bookings', org }))
}

// ── Audiences: who may see a folder, a document, a search record ────────────────────────────

/**
 * Who may see something inside an organisation. `roles: 'members'` admits every member;
 * `buildingId` limits building-scoped members to that building; participants (a case's reporter)
 * see it whatever their role; `internal` (staff notes) is for INTERNAL_ROLES only, participants
 * included. The search adapters translate exactly this rule into their filters.
 */
export interface Audience {
  readonly roles: 'members' | readonly Role[]
  readonly buildingId: string | null
  readonly participants: readonly string[]
  readonly internal: boolean
}

export const INTERNAL_ROLES: readonly Role[] = ['property_manager', 'accountant', 'org_admin']

/** A principal's reach in one organisation: the roles held and the buildings they are limited to. */
export interface OrgReach {
  readonly orgId: string
  readonly roles: readonly Role[]
  /** null: the whole organisation; otherwise only records of these buildings (or of none). */
  readonly buildings: readonly string[] | null
}

/**
 * Roles that act for the whole cooperative. Their membership may name the holder's own home (a
 * board member living in B 1), but the mandate is not limited to it: they handle every case and
 * manage every folder (canOnCase, canOnFolder). Their reach is never building-scoped, so search
 * finds what the policy lets them open.
 */
export const ORG_WIDE_ROLES: readonly Role[] = ['board_member', 'property_manager', 'org_admin']

/** The principal's reach in an organisation, or null when they hold no role there. */
export function reachIn(p: Principal, org: OrgRef): OrgReach | null {
  const roles = rolesIn(p, org)
  if (roles.size === 0) return null
  let unscoped = hasAny(roles, ORG_WIDE_ROLES)
  const buildings = new Set<string>()
  for (const m of p.memberships) {
    if (m.orgId === org.id && roles.has(m.role)) {
      if (m.buildingId === null) unscoped = true
      else buildings.add(m.buildingId)
    }
  }
  // Staff grants of the managing company are never building-scoped.
  if (org.managedBy && staffGrants(p).some((m) => m.orgId === org.managedBy)) unscoped = true
  return { orgId: org.id, roles: [...roles], buildings: unscoped ? null : [...buildings] }
}

export function audienceAdmits(reach: OrgReach, userId: string, audience: Audience): boolean {
  if (audience.internal && !reach.roles.some((r) => INTERNAL_ROLES.includes(r))) return false
  if (audience.participants.includes(userId)) return true
  const roleOk = audience.roles === 'members' || reach.roles.some((r) => audience.roles.includes(r))
  const buildingOk =
    audience.buildingId === null || reach.buildings === null || reach.buildings.includes(audience.buildingId)
  return roleOk && buildingOk
}

// ── Document folders ────────────────────────────────────────────────────────────────────────

export type FolderAction = 'documents.read' | 'documents.manage' | 'documents.restore' | 'search.use'
export const FOLDER_ACTIONS: readonly FolderAction[] = [
  'documents.read',
  'documents.manage',
  'documents.restore',
  'search.use',
]

/** Who manages the documents of an organisation: they see every folder, whatever its audience. */
export const DOCUMENT_MANAGERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
/** Who may bring back what was deleted. */
export const DOCUMENT_RESTORERS: readonly Role[] = ['property_manager', 'org_admin']

/** One folder's own visibility as stored: roles and/or role groups (both empty: all members). */
export interface FolderVisibility {
  readonly roles: readonly Role[]
  readonly groups: readonly RoleGroup[]
  readonly buildingId: string | null
}

/**
 * The audience of a folder given its chain from the root down to itself: each level narrows
 * the one above (roles intersect; a building set anywhere applies). Document managers always
 * see every folder, so they are part of every audience.
 */
export function folderAudience(chain: readonly FolderVisibility[]): Audience {
  const restricting = chain
    .map(
      (level) =>
        new Set<Role>([...level.roles, ...ROLES.filter((r) => level.groups.includes(ROLE_GROUP[r]))]),
    )
    .filter((own) => own.size > 0)
  const buildingId = chain.reduce<string | null>((b, level) => level.buildingId ?? b, null)
  if (restricting.length === 0) return { roles: 'members', buildingId, participants: [], internal: false }
  const roles = ROLES.filter((r) => DOCUMENT_MANAGERS.includes(r) || restricting.every((own) => own.has(r)))
  return { roles, buildingId, participants: [], internal: false }
}

/** A folder as stored: its effective audience (see folderAudience) and whether it is deleted. */
export interface FolderFacts {
  readonly audience: Audience
  readonly deleted: boolean
}

/** `folder: null` asks about the organisation's documents as a whole (the root). */
export type FolderResource = { type: 'folder'; org: OrgRef; folder: FolderFacts | null }

function canOnFolder(p: Principal, action: Action, resource: FolderResource): boolean {
  const { org, folder } = resource
  if (isPlatformAdmin(p)) return (FOLDER_ACTIONS as readonly string[]).includes(action)
  const reach = reachIn(p, org)
  if (!reach) return false
  const roles = new Set(reach.roles)
  const manager = hasAny(roles, DOCUMENT_MANAGERS)
  const sees = folder === null || manager || audienceAdmits(reach, p.userId, folder.audience)
  switch (action) {
    case 'search.use':
      return true
    case 'documents.read':
      return sees && (folder === null || !folder.deleted || hasAny(roles, DOCUMENT_RESTORERS))
    case 'documents.manage':
      return manager && (folder === null || !folder.deleted)
    case 'documents.restore':
      return hasAny(roles, DOCUMENT_RESTORERS)
    default:
      return false
  }
}

/** The roles that, held alone, pass an organisation action: the audience of derived records. */
export function rolesAllowedTo(action: OrgAction, org: OrgRef): Role[] {
  const nobody: Principal = { userId: '', platformAdmin: false, mfaVerified: true, memberships: [] }
  return ROLES.filter((r) => ORG_RULES[action](new Set([r]), org, nobody))
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

// ── Cases ───────────────────────────────────────────────────────────────────────────────────

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

/**
 * Case visibility: the reporter (while still a member), handlers of that cooperative, its
 * auditors (read-only), explicit participants and the assignee (e.g. a contractor, who holds no
 * role in the cooperative at all, while still in the partner company they were added through); other residents only when the case is shared with their
 * building, and then only to read and comment. Internal notes: handlers and the assignee, never
 * residents (a resident participant included).
 */
function canOnCase(p: Principal, action: Action, resource: CaseResource): boolean {
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

  const fullHandler = hasAny(
    roles,
    CASE_HANDLERS.filter((r) => r !== 'maintenance_staff'),
  )
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
  return CASE_ACTIONS.filter((a) => a !== 'case.create' && can(p, a, { type: 'case', org, case: facts }))
}

// ── Task boards (live documents) and delegated tasks ────────────────────────────────────────

export type BoardAction =
  | 'board.read'
  | 'board.write'
  | 'board.create'
  | 'board.manage'
  | 'task.read'
  | 'task.comment'
  | 'task.progress'
export const BOARD_ACTIONS: readonly BoardAction[] = [
  'board.read',
  'board.write',
  'board.create',
  'board.manage',
]

/** Board-only boards are for these; a board published to residents is also read by them. */
export type BoardVisibility = 'board' | 'residents'
export interface BoardFacts {
  readonly id: string
  readonly visibility: BoardVisibility
  readonly archived: boolean
  /** A finance board (budget, fiscal year) is co-edited by the accountant too; absent: general. */
  readonly topic?: BoardTopic
}
export type BoardTopic = 'general' | 'finance'

/** `board: null` asks about a board that does not exist yet (board.create). */
export type BoardResource = { type: 'board'; org: OrgRef; board: BoardFacts | null }

/**
 * One card of a board, as its projection row holds it: the contractor company it is delegated to
 * (loaded from its row, like every org) reaches this card and nothing else of the board.
 */
export type TaskResource = { type: 'task'; org: OrgRef; board: BoardFacts; delegatedTo: OrgRef | null }

/** Who co-edits boards: the board and the management company's people who run the cooperative. */
export const BOARD_EDITORS: readonly Role[] = ['board_member', 'property_manager', 'org_admin']
/** Who reads every board of the cooperative without editing it. */
const BOARD_READERS: readonly Role[] = ['accountant', 'auditor']
/** Who works on every board's cards (read, write, comment) without creating or managing boards. */
export const BOARD_WORKERS: readonly Role[] = ['maintenance_staff']
/** Who reads a board its cooperative has published to residents. */
const RESIDENT_ROLES: readonly Role[] = ['owner', 'owner_representative', 'resident']
/** The people of a partner company who work on the tasks delegated to it. */
export const CONTRACTOR_ROLES: readonly Role[] = ['contractor', 'contractor_representative', 'org_admin']

const hasRole = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))

function canOnBoard(p: Principal, action: Action, resource: BoardResource): boolean {
  const { org, board } = resource
  if (org.kind !== 'housing_cooperative') return false
  if (isPlatformAdmin(p)) return (BOARD_ACTIONS as readonly string[]).includes(action)
  const roles = rolesIn(p, org)
  if (roles.size === 0) return false
  const editor = hasRole(roles, BOARD_EDITORS)
  if (action === 'board.create') return board === null && editor
  if (board === null) return false
  const worker = hasRole(roles, BOARD_WORKERS) || (board.topic === 'finance' && roles.has('accountant'))
  const reads =
    editor ||
    worker ||
    hasRole(roles, BOARD_READERS) ||
    (board.visibility === 'residents' && hasRole(roles, RESIDENT_ROLES))
  switch (action) {
    case 'board.read':
      return reads
    case 'board.write':
      return (editor || worker) && !board.archived
    case 'board.manage':
      return editor
    default:
      return false
  }
}

/** A contractor of the company a card is delegated to (an active partner company). */
export function isDelegate(p: Principal, delegatedTo: OrgRef | null): boolean {
  if (delegatedTo?.kind !== 'partner_company') return false
  return hasRole(rolesIn(p, delegatedTo), CONTRACTOR_ROLES)
}

function canOnTask(p: Principal, action: Action, resource: TaskResource): boolean {
  const { org, board, delegatedTo } = resource
  const onBoard = { type: 'board', org, board } as const
  // A suspended cooperative grants nothing, to its contractors either.
  if (org.status !== 'active' && !isPlatformAdmin(p)) return false
  const delegate = isDelegate(p, delegatedTo)
  switch (action) {
    case 'task.read':
      return delegate || canOnBoard(p, 'board.read', onBoard)
    case 'task.comment':
    case 'task.progress':
      return (delegate && !board.archived) || canOnBoard(p, 'board.write', onBoard)
    default:
      return false
  }
}

/** What the client may show for a board. */
export function boardAbilities(p: Principal, org: OrgRef, board: BoardFacts) {
  const resource = { type: 'board', org, board } as const
  return {
    write: can(p, 'board.write', resource),
    manage: can(p, 'board.manage', resource),
  }
}

// ── Knowledge base (articles) and partner materials ─────────────────────────────────────────

export type KbAction = 'kb.read' | 'kb.author'
export const KB_ACTIONS: readonly KbAction[] = ['kb.read', 'kb.author']

/**
 * Who writes an organisation's articles: a cooperative's board and the management company's
 * people who run it; a management company's own staff (their articles may be shared with every
 * cooperative the company manages). Everyone else who belongs reads what is published.
 */
export const KB_AUTHORS: Readonly<Partial<Record<OrgKind, readonly Role[]>>> = {
  housing_cooperative: ['board_member', 'property_manager', 'org_admin'],
  management_company: ['property_manager', 'org_admin'],
}

/** An article as stored. */
export interface ArticleFacts {
  readonly shared: boolean
  readonly published: boolean
  readonly deleted: boolean
}

/**
 * `org` is the organisation that owns the article (from its row); `via` the cooperative it is
 * read in when that is not the owner (a shared article of the company that manages it), also
 * from its row. `article: null` asks about the organisation's knowledge base as a whole.
 */
export type ArticleResource = {
  type: 'article'
  org: OrgRef
  via: OrgRef | null
  article: ArticleFacts | null
}

function canOnArticle(p: Principal, action: Action, resource: ArticleResource): boolean {
  if (!(KB_ACTIONS as readonly string[]).includes(action)) return false
  const { org, via, article } = resource
  const authors = KB_AUTHORS[org.kind]
  if (!authors) return false
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, org)
  const author = hasAny(roles, authors)
  if (action === 'kb.author') return author && !article?.deleted
  if (article === null) return roles.size > 0
  if (article.deleted) return false
  if (!article.published) return author
  if (roles.size > 0) return true
  // A shared article reaches the members of every cooperative its company manages.
  return (
    article.shared &&
    org.kind === 'management_company' &&
    org.status === 'active' &&
    via !== null &&
    via.kind === 'housing_cooperative' &&
    via.managedBy === org.id &&
    rolesIn(p, via).size > 0
  )
}

export type MaterialAction = 'materials.manage' | 'materials.read'
export const MATERIAL_ACTIONS: readonly MaterialAction[] = ['materials.manage', 'materials.read']

/** Who publishes partner materials: the management company's staff, or a cooperative's board. */
export const MATERIAL_PUBLISHERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
/** The kinds of organisation products can be granted to. */
export const PARTNER_KINDS: readonly OrgKind[] = ['partner_company', 'investor_portfolio']

/**
 * `org` is the publisher (from its row). `partner` is the partner organisation the caller reads
 * as (from its row) and `granted` whether the product is granted to it (from its grant row):
 * every member of a granted partner company reads the product's materials, nobody else does.
 */
export type MaterialResource = {
  type: 'materials'
  org: OrgRef
  partner: OrgRef | null
  granted: boolean
}

function canOnMaterials(p: Principal, action: Action, resource: MaterialResource): boolean {
  if (!(MATERIAL_ACTIONS as readonly string[]).includes(action)) return false
  const { org, partner, granted } = resource
  if (!KB_AUTHORS[org.kind]) return false
  if (isPlatformAdmin(p)) return true
  const publisher = hasAny(rolesIn(p, org), MATERIAL_PUBLISHERS)
  if (action === 'materials.manage') return publisher
  if (publisher) return true
  return (
    granted &&
    org.status === 'active' &&
    partner !== null &&
    PARTNER_KINDS.includes(partner.kind) &&
    rolesIn(p, partner).size > 0
  )
}
