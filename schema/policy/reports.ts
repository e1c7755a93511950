import type { ReportId } from '../reports/common.ts'
import type { OrgKind, Role } from '../roles.ts'
import { isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Who reads which report (issue 15), hooked into the one `can()` of schema/policy.ts. A report is
 * asked about in one organisation (the row): a cooperative for reports 1–5 and 10, an investor
 * portfolio for 6–9, a partner company for a contractor's 4 and 5.
 *
 * - `all`: the whole report. `own`: an owner's or owner's representative's view of the cooperative
 *   reports 1–3, only the apartments their memberships name.
 * - Report 10 (service and consumption, issue 15 item 10) is listed so its module can be added
 *   without touching this file's shape: maintenance staff, property manager and board.
 */
export type ReportAction = 'report.read'
export type ReportResource = { type: 'report'; report: ReportId; org: OrgRef }
export type ReportScope = 'all' | 'own'

const COOP_READERS: readonly Role[] = ['board_member', 'property_manager', 'accountant', 'auditor']
const OWNERS: readonly Role[] = ['owner', 'owner_representative']
const INVESTORS: readonly Role[] = ['investor', 'portfolio_manager', 'investor_representative', 'auditor']
const CONTRACTORS: readonly Role[] = ['contractor', 'contractor_representative']
const PROJECT_OVERSEERS: readonly Role[] = ['board_member', 'property_manager']

interface Audience {
  all: Partial<Record<OrgKind, readonly Role[]>>
  own?: readonly Role[]
}

export const REPORT_AUDIENCE: Readonly<Record<ReportId, Audience>> = {
  buildings: { all: { housing_cooperative: [...COOP_READERS, 'maintenance_staff'] }, own: OWNERS },
  balance: { all: { housing_cooperative: COOP_READERS }, own: OWNERS },
  billing: { all: { housing_cooperative: COOP_READERS }, own: OWNERS },
  progress: { all: { housing_cooperative: PROJECT_OVERSEERS, partner_company: CONTRACTORS } },
  economics: { all: { housing_cooperative: PROJECT_OVERSEERS, partner_company: CONTRACTORS } },
  portfolio: { all: { investor_portfolio: INVESTORS } },
  performance: { all: { investor_portfolio: INVESTORS } },
  risks: { all: { investor_portfolio: INVESTORS } },
  operations: { all: { investor_portfolio: INVESTORS } },
  service: {
    all: { housing_cooperative: ['maintenance_staff', 'property_manager', 'board_member'] },
  },
}

const hasAny = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))

/** How much of a report the principal reads in this organisation, or null for nothing. */
export function reportScope(p: Principal, report: ReportId, org: OrgRef): ReportScope | null {
  const audience = REPORT_AUDIENCE[report]
  const full = audience.all[org.kind]
  if (!full) return null
  // Platform admins may look (support), as with finance.
  if (isPlatformAdmin(p)) return 'all'
  const roles = rolesIn(p, org)
  if (hasAny(roles, full)) return 'all'
  if (audience.own && hasAny(roles, audience.own)) return 'own'
  return null
}

export function canOnReport(p: Principal, action: string, resource: ReportResource): boolean {
  if (action !== 'report.read') return false
  return reportScope(p, resource.report, resource.org) !== null
}

/** The apartments an owner's view covers: those their owner memberships in this cooperative name. */
export function ownApartments(p: Principal, org: OrgRef): string[] {
  if (org.status !== 'active') return []
  const ids = new Set<string>()
  for (const m of p.memberships) {
    if (m.orgId === org.id && OWNERS.includes(m.role) && m.apartmentId) ids.add(m.apartmentId)
  }
  return [...ids]
}

/**
 * The buildings a reader of report 10 covers: null for the whole cooperative (board, manager,
 * platform admin, maintenance staff whose role comes from the management company or whose
 * membership names no building), else the buildings their maintenance memberships name — as
 * the meters policy (schema/policy/meters.ts) lets them serve those buildings only.
 */
export function servedBuildings(p: Principal, org: OrgRef): string[] | null {
  if (isPlatformAdmin(p)) return null
  const roles = rolesIn(p, org)
  if (roles.has('board_member') || roles.has('property_manager')) return null
  const own = p.memberships.filter((m) => m.orgId === org.id && m.role === 'maintenance_staff')
  if (own.length === 0 || own.some((m) => m.buildingId === null)) return null
  return [...new Set(own.map((m) => m.buildingId as string))]
}

/** The reports the principal reads in this organisation, in the catalogue's order. */
export function reportsIn(p: Principal, org: OrgRef, ids: readonly ReportId[]): ReportId[] {
  return ids.filter((id) => reportScope(p, id, org) !== null)
}

/** Portfolio holdings (which properties and apartments): the portfolio's org admin and manager. */
export function canManageHoldings(p: Principal, org: OrgRef): boolean {
  if (org.kind !== 'investor_portfolio') return false
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, org)
  return roles.has('org_admin') || roles.has('portfolio_manager')
}
