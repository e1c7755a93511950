import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/**
 * Mirrors schema/policy/reports.ts for the menu only (the API decides, and the reports page lists
 * what the caller reads): "Reports" in a cooperative or a partner company for roles that read
 * one; "Portfolio" (the investor portal) in an investor portfolio.
 */
const COOP: readonly Role[] = [
  'board_member',
  'property_manager',
  'accountant',
  'auditor',
  'maintenance_staff',
  'owner',
  'owner_representative',
]
const PARTNER: readonly Role[] = ['contractor', 'contractor_representative']
const PORTFOLIO: readonly Role[] = [
  'investor',
  'portfolio_manager',
  'investor_representative',
  'auditor',
  'org_admin',
]

export function registerReportsNav(): void {
  registerOrgNavItem({
    path: 'reports',
    label: 'reports.ui.nav',
    visible: (org) =>
      (org.kind === 'housing_cooperative' && org.roles.some((r) => COOP.includes(r))) ||
      (org.kind === 'partner_company' && org.roles.some((r) => PARTNER.includes(r))),
  })
  registerOrgNavItem({
    path: 'portfolio',
    label: 'reports.ui.navPortfolio',
    visible: (org) => org.kind === 'investor_portfolio' && org.roles.some((r) => PORTFOLIO.includes(r)),
  })
}
