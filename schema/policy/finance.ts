import type { Role } from '../roles.ts'
import { CONTRACTOR_ROLES } from './board.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/**
 * Finance rules (issue 14), hooked into the one `can()` of schema/policy.ts. Every fact comes from
 * database rows loaded by the caller: the cooperative, the portfolios whose holdings name the
 * apartment, the supplier organisation of a supplier invoice.
 *
 * - The cooperative's finance (overdue, budgets, supplier invoices, unmatched payments): its board,
 *   property manager and accountant; its auditor reads everything and changes nothing.
 * - One apartment's invoices, payments and balance: those readers, the owner and the owner's
 *   representative whose membership names that apartment, and the investor roles of a portfolio
 *   that holds it. A resident (tenant) sees nothing of the owner's finance.
 * - One supplier invoice: the readers, and the contractor company that sent it.
 * - Sending a supplier invoice to an active cooperative: the contractors of an active partner
 *   company the cooperative works with (a card of its boards is delegated to it, or it already
 *   holds one of its invoices; the caller loads that fact as `engaged`).
 * - Manual payments and credits: accountant and property manager. Supplier invoice decisions: the board.
 * - API keys of the import API: the organisation's admin.
 */
export type FinanceAction =
  | 'finance.read'
  | 'finance.record'
  | 'finance.approve'
  | 'finance.apartment.read'
  | 'finance.supplier.read'
  | 'finance.supplier.submit'
  | 'apikeys.manage'
export const FINANCE_ACTIONS: readonly FinanceAction[] = [
  'finance.read',
  'finance.record',
  'finance.approve',
  'finance.apartment.read',
  'finance.supplier.read',
  'finance.supplier.submit',
  'apikeys.manage',
]

/** The apartment a question is about, with the portfolios (rows) whose holdings name it. */
export interface ApartmentFinanceFacts {
  readonly id: string
  readonly heldBy: readonly OrgRef[]
}

/**
 * `org` is the cooperative (its row). `apartment` for finance.apartment.read; `supplier` (the
 * supplier organisation's row, or null when it is not on the platform) for finance.supplier.read.
 */
export type FinanceResource = {
  type: 'finance'
  org: OrgRef
  apartment?: ApartmentFinanceFacts
  supplier?: OrgRef | null
  /** finance.supplier.submit: the cooperative works with `supplier` (delegated card, earlier invoice). */
  engaged?: boolean
}

export const FINANCE_READERS: readonly Role[] = ['board_member', 'property_manager', 'accountant', 'auditor']
export const FINANCE_RECORDERS: readonly Role[] = ['accountant', 'property_manager']
export const FINANCE_APPROVERS: readonly Role[] = ['board_member']
export const APARTMENT_HOLDERS: readonly Role[] = ['owner', 'owner_representative']
export const INVESTOR_ROLES: readonly Role[] = ['investor', 'portfolio_manager', 'investor_representative']
const READ_ACTIONS: readonly FinanceAction[] = [
  'finance.read',
  'finance.apartment.read',
  'finance.supplier.read',
]

export function canOnFinance(p: Principal, action: FinanceAction, resource: FinanceResource): boolean {
  if (!(FINANCE_ACTIONS as readonly string[]).includes(action)) return false
  const { org } = resource
  if (action === 'apikeys.manage') return isPlatformAdmin(p) || rolesIn(p, org).has('org_admin')
  if (org.kind !== 'housing_cooperative') return false
  // Platform admins may look (support), never book anything.
  if (isPlatformAdmin(p)) return READ_ACTIONS.includes(action)
  const roles = rolesIn(p, org)
  const reader = hasAny(roles, FINANCE_READERS)
  switch (action) {
    case 'finance.read':
      return reader
    case 'finance.record':
      return hasAny(roles, FINANCE_RECORDERS)
    case 'finance.approve':
      return hasAny(roles, FINANCE_APPROVERS)
    case 'finance.apartment.read':
      return reader || (resource.apartment !== undefined && holdsApartment(p, org, roles, resource.apartment))
    case 'finance.supplier.read':
      return reader || (resource.supplier != null && hasAny(rolesIn(p, resource.supplier), CONTRACTOR_ROLES))
    case 'finance.supplier.submit':
      return (
        org.status === 'active' &&
        resource.engaged === true &&
        resource.supplier?.kind === 'partner_company' &&
        hasAny(rolesIn(p, resource.supplier), CONTRACTOR_ROLES)
      )
    default:
      return false
  }
}

function holdsApartment(
  p: Principal,
  org: OrgRef,
  roles: Set<Role>,
  apartment: ApartmentFinanceFacts,
): boolean {
  // rolesIn is empty for a suspended cooperative: its owners see nothing either.
  if (hasAny(roles, APARTMENT_HOLDERS)) {
    const own = p.memberships.some(
      (m) => m.orgId === org.id && APARTMENT_HOLDERS.includes(m.role) && m.apartmentId === apartment.id,
    )
    if (own) return true
  }
  if (org.status !== 'active') return false
  return apartment.heldBy.some(
    (portfolio) => portfolio.kind === 'investor_portfolio' && hasAny(rolesIn(p, portfolio), INVESTOR_ROLES),
  )
}

/** What the client may show in a cooperative's finance pages. */
export function financeAbilitiesIn(p: Principal, org: OrgRef) {
  const r = { type: 'finance', org } as const
  return {
    read: canOnFinance(p, 'finance.read', r),
    record: canOnFinance(p, 'finance.record', r),
    approve: canOnFinance(p, 'finance.approve', r),
    manageKeys: canOnFinance(p, 'apikeys.manage', r),
  }
}
