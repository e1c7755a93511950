import { BOARD_EDITORS, BOARD_WORKERS } from '../policy/board.ts'
import { canOnBookings } from '../policy/bookings.ts'
import { CASE_HANDLERS, CASE_REPORTERS } from '../policy/case.ts'
import { APARTMENT_HOLDERS, canOnFinance } from '../policy/finance.ts'
import { canOnMeters } from '../policy/meters.ts'
import { hasAny, type OrgRef, type Principal, rolesIn } from '../policy/principal.ts'
import { ROLE_GROUP, type Role, type RoleGroup } from '../roles.ts'

/**
 * The widgets of a home dashboard (issue 17). Each is fed by an existing endpoint on the client
 * and is offered only to whom the policy lets read that endpoint's data in the organisation,
 * so a layout can never hold a widget whose data its user may not see (the server refuses to
 * store one, and drops one from a stored layout once the user's roles change).
 */
export const WIDGET_KINDS = [
  'contacts',
  'cases',
  'workQueue',
  'tasks',
  'bookings',
  'announcements',
  'meterRound',
  'finance',
  'myApartment',
  'links',
] as const
export type WidgetKind = (typeof WIDGET_KINDS)[number]
export type WidgetSize = 'small' | 'large'
export interface Widget {
  kind: WidgetKind
  size: WidgetSize
}
export const MAX_WIDGETS = WIDGET_KINDS.length

const DWELLERS: readonly Role[] = ['owner', 'owner_representative', 'resident']

/** The widget kinds `p` may place on their dashboard of `org`, in catalogue order. */
export function widgetsAllowed(p: Principal, org: OrgRef): WidgetKind[] {
  const roles = rolesIn(p, org)
  if (roles.size === 0) return []
  const coop = org.kind === 'housing_cooperative'
  const ok: Record<WidgetKind, boolean> = {
    contacts: coop,
    links: coop,
    announcements: true,
    cases: coop && hasAny(roles, CASE_REPORTERS),
    workQueue: coop && hasAny(roles, CASE_HANDLERS),
    tasks: coop && (hasAny(roles, BOARD_EDITORS) || hasAny(roles, BOARD_WORKERS)),
    bookings: coop && canOnBookings(p, 'bookings.create', { type: 'bookings', org }),
    meterRound:
      coop && (canOnMeters(p, 'meters.overview', { type: 'meters', org }) || hasAny(roles, DWELLERS)),
    finance:
      coop && (canOnFinance(p, 'finance.read', { type: 'finance', org }) || hasAny(roles, APARTMENT_HOLDERS)),
    myApartment:
      coop && p.memberships.some((m) => m.orgId === org.id && DWELLERS.includes(m.role) && m.apartmentId),
  }
  return WIDGET_KINDS.filter((k) => ok[k])
}

/** Which role group's default applies: the most responsible group the user holds there. */
const GROUP_ORDER: readonly RoleGroup[] = [
  'staff',
  'board',
  'maintenance',
  'auditors',
  'investors',
  'contractors',
  'residents',
]
export function roleGroupIn(p: Principal, org: OrgRef): RoleGroup | null {
  const groups = new Set([...rolesIn(p, org)].map((r) => ROLE_GROUP[r]))
  return GROUP_ORDER.find((g) => groups.has(g)) ?? null
}

const w = (kind: WidgetKind, size: WidgetSize = 'small'): Widget => ({ kind, size })

/** The built-in default per role group, used until the organisation sets its own. */
export const BUILTIN_DEFAULTS: Readonly<Record<RoleGroup, readonly Widget[]>> = {
  residents: [
    w('bookings'),
    w('cases'),
    w('announcements', 'large'),
    w('meterRound'),
    w('myApartment'),
    w('contacts'),
    w('links'),
  ],
  board: [w('workQueue', 'large'), w('tasks'), w('finance'), w('announcements'), w('contacts'), w('cases')],
  staff: [
    w('workQueue', 'large'),
    w('tasks'),
    w('meterRound'),
    w('finance'),
    w('announcements'),
    w('contacts'),
  ],
  maintenance: [w('workQueue', 'large'), w('meterRound'), w('announcements'), w('contacts')],
  auditors: [w('finance', 'large'), w('announcements'), w('contacts')],
  investors: [w('finance', 'large'), w('announcements')],
  contractors: [w('announcements', 'large')],
}

/** A layout kept to what `p` may see: unknown or no-longer-allowed kinds dropped, no repeats. */
export function keepAllowed(widgets: readonly Widget[], allowed: readonly WidgetKind[]): Widget[] {
  const seen = new Set<WidgetKind>()
  return widgets.filter((x) => {
    if (!allowed.includes(x.kind) || seen.has(x.kind)) return false
    seen.add(x.kind)
    return true
  })
}
