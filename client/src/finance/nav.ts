import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'
import { unreadPaid } from './notices.ts'

/**
 * Mirrors schema/policy/finance.ts for the menu only (the API decides): "My finances" for owners
 * in a cooperative and investors in their portfolio; "Finance" for the cooperative's board,
 * manager, accountant and auditor; "API keys" for the organisation admin of a cooperative;
 * "Invoices to cooperatives" for a partner company's contractors.
 */
const HOLDERS: readonly Role[] = ['owner', 'owner_representative']
const INVESTORS: readonly Role[] = ['investor', 'portfolio_manager', 'investor_representative']
const READERS: readonly Role[] = ['board_member', 'property_manager', 'accountant', 'auditor', 'org_admin']
const CONTRACTORS: readonly Role[] = ['contractor', 'contractor_representative', 'org_admin']

export function registerFinanceNav(): void {
  registerOrgNavItem({
    path: 'finance/mine',
    label: 'finance.navMine',
    visible: (org) =>
      (org.kind === 'housing_cooperative' && org.roles.some((r) => HOLDERS.includes(r))) ||
      (org.kind === 'investor_portfolio' && org.roles.some((r) => INVESTORS.includes(r))),
    // Unread "invoice paid" notices, live from the inbox.
    badge: (org) => unreadPaid(org.id),
  })
  registerOrgNavItem({
    path: 'finance',
    label: 'finance.navCoop',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.some((r) => READERS.includes(r)),
  })
  registerOrgNavItem({
    path: 'api-keys',
    label: 'finance.navKeys',
    visible: (org) => org.kind === 'housing_cooperative' && org.roles.includes('org_admin'),
  })
  registerOrgNavItem({
    path: 'supplier-invoices',
    label: 'finance.navSupplier',
    visible: (org) => org.kind === 'partner_company' && org.roles.some((r) => CONTRACTORS.includes(r)),
  })
}
