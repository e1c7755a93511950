import type { MeOrganisation, MeResponse } from '../../../schema/api/users.ts'
import { HANDOVER_ROLES } from '../../../schema/policy/onboarding.ts'
import { registerOrgNavItem } from '../shell/slots.ts'
import type { OrgStructure } from './data.ts'

/** Settings are for whoever may change the organisation's structure (the API decides). */
export const mayEditSettings = (org: MeOrganisation | undefined) =>
  org?.status === 'active' && org.abilities.includes('org.structure.manage')

/**
 * The handover form: a cooperative, for platform admins and the org admins of the company that
 * runs it (schema/policy/onboarding.ts); their roles reach the cooperative through that company.
 */
export function mayHandOver(
  me: MeResponse,
  org: MeOrganisation | undefined,
  row: OrgStructure['organisation'],
): boolean {
  if (row.kind !== 'housing_cooperative' || row.status !== 'active') return false
  if (me.user.platformAdmin) return true
  return org?.viaManagement === true && org.roles.some((r) => HANDOVER_ROLES.includes(r))
}

export function registerSettingsNav(): void {
  registerOrgNavItem({ path: 'settings', label: 'orgSettings.nav', visible: mayEditSettings, group: 'admin' })
}
