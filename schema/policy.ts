import {
  type BoardAction,
  type BoardResource,
  canOnBoard,
  canOnTask,
  type TaskAction,
  type TaskResource,
} from './policy/board.ts'
import { type BookingAction, type BookingResource, canOnBookings } from './policy/bookings.ts'
import { type CaseAction, type CaseResource, canOnCase } from './policy/case.ts'
import {
  type CommunicationsAction,
  type CommunicationsResource,
  canOnCommunications,
} from './policy/communications.ts'
import { canOnDashboard, type DashboardAction, type DashboardResource } from './policy/dashboard.ts'
import { canOnFolder, type FolderAction, type FolderResource } from './policy/documents.ts'
import { canOnEvent, type EventAction, type EventResource } from './policy/events.ts'
import { canOnFinance, type FinanceAction, type FinanceResource } from './policy/finance.ts'
import { canOnGdpr, type GdprAction, type GdprResource } from './policy/gdpr.ts'
import {
  type ArticleResource,
  canOnArticle,
  canOnMaterials,
  type KbAction,
  type MaterialAction,
  type MaterialResource,
} from './policy/kb.ts'
import { canOnMeters, type MeterAction, type MeterResource } from './policy/meters.ts'
import { canOnOnboarding, type OnboardingAction, type OnboardingResource } from './policy/onboarding.ts'
import {
  canOnOrg,
  canOnPlatform,
  type OrgAction,
  type OrgResource,
  type PlatformAction,
  type PlatformResource,
} from './policy/org.ts'
import type { Principal } from './policy/principal.ts'
import { canOnReport, type ReportAction, type ReportResource } from './policy/reports.ts'
import { canOnThread, type ThreadAction, type ThreadResource } from './policy/thread.ts'

/**
 * The one policy. The API routes and the collab server's auth both call `can()`, so HTTP and
 * websocket never drift. Every rule starts from the organisation of the *database row* of the
 * resource (passed in by the caller after loading it), never from anything the client sent.
 *
 * The rules live in one file per resource (schema/policy/<resource>.ts, each with its own test);
 * this file only says which actions belong to which resource and sends each question to its
 * rules. Everything imports the policy from here.
 */

/**
 * Which actions may be asked of which resource type. `can()` takes only these pairs: asking a
 * thread about `case.read` does not compile. A new resource is one line here and one in RULES.
 */
export interface PolicyTable {
  platform: { resource: PlatformResource; action: PlatformAction }
  org: { resource: OrgResource; action: OrgAction }
  thread: { resource: ThreadResource; action: ThreadAction }
  bookings: { resource: BookingResource; action: BookingAction }
  folder: { resource: FolderResource; action: FolderAction }
  case: { resource: CaseResource; action: CaseAction }
  board: { resource: BoardResource; action: BoardAction }
  task: { resource: TaskResource; action: TaskAction }
  article: { resource: ArticleResource; action: KbAction }
  materials: { resource: MaterialResource; action: MaterialAction }
  finance: { resource: FinanceResource; action: FinanceAction }
  onboarding: { resource: OnboardingResource; action: OnboardingAction }
  gdpr: { resource: GdprResource; action: GdprAction }
  report: { resource: ReportResource; action: ReportAction }
  communications: { resource: CommunicationsResource; action: CommunicationsAction }
  meters: { resource: MeterResource; action: MeterAction }
  event: { resource: EventResource; action: EventAction }
  dashboard: { resource: DashboardResource; action: DashboardAction }
}

export type ResourceType = keyof PolicyTable
export type Resource = PolicyTable[ResourceType]['resource']
export type Action = PolicyTable[ResourceType]['action']
/** The actions that may be asked of a resource (of a union of resources: of any of them). */
export type ActionOn<R extends Resource> = PolicyTable[R['type']]['action']

type Rules = {
  readonly [T in ResourceType]: (
    p: Principal,
    action: PolicyTable[T]['action'],
    resource: PolicyTable[T]['resource'],
  ) => boolean
}

const RULES: Rules = {
  platform: canOnPlatform,
  org: canOnOrg,
  thread: canOnThread,
  bookings: canOnBookings,
  folder: canOnFolder,
  case: canOnCase,
  board: canOnBoard,
  task: canOnTask,
  article: canOnArticle,
  materials: canOnMaterials,
  finance: canOnFinance,
  onboarding: canOnOnboarding,
  gdpr: canOnGdpr,
  report: canOnReport,
  communications: canOnCommunications,
  meters: canOnMeters,
  event: canOnEvent,
  dashboard: canOnDashboard,
}

/**
 * May `p` do `action` to `resource`? The resource decides the type of the action (NoInfer: the
 * action never widens the resource). At run time every rule still answers false to an action
 * that is not its own, for callers that reach here with a cast.
 */
export function can<R extends Resource>(p: Principal, action: NoInfer<ActionOn<R>>, resource: R): boolean {
  if (!Object.hasOwn(RULES, resource.type)) return false
  const rule = RULES[resource.type] as (p: Principal, action: Action, resource: Resource) => boolean
  return rule(p, action, resource)
}

export * from './policy/audience.ts'
export * from './policy/board.ts'
export * from './policy/bookings.ts'
export * from './policy/case.ts'
export * from './policy/communications.ts'
export * from './policy/dashboard.ts'
export * from './policy/documents.ts'
export * from './policy/events.ts'
export * from './policy/finance.ts'
export * from './policy/gdpr.ts'
export * from './policy/kb.ts'
export * from './policy/meters.ts'
export * from './policy/onboarding.ts'
export * from './policy/org.ts'
export * from './policy/principal.ts'
export * from './policy/reports.ts'
export * from './policy/thread.ts'
