import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/** Who publishes partner materials (mirrors MATERIAL_PUBLISHERS in schema/policy.ts; the API decides). */
const PUBLISHERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']

/**
 * "Knowledge base" in cooperatives and management companies; "Partner materials" for partner
 * companies and investors (what is granted to them) and for those who publish them.
 */
export function registerKbNav(): void {
  registerOrgNavItem({
    path: 'kb',
    label: 'kb.nav',
    visible: (org) => org.kind === 'housing_cooperative' || org.kind === 'management_company',
  })
  registerOrgNavItem({
    path: 'materials',
    label: 'materials.nav',
    visible: (org) =>
      org.kind === 'partner_company' ||
      org.kind === 'investor_portfolio' ||
      ((org.kind === 'housing_cooperative' || org.kind === 'management_company') &&
        org.roles.some((r) => PUBLISHERS.includes(r))),
  })
}
