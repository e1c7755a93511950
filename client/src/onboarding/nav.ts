import type { Role } from '../../../schema/roles.ts'
import { registerOrgNavItem } from '../shell/slots.ts'

/** Mirrors schema/policy/onboarding.ts for the menu only (the API decides). */
const CREATORS: readonly Role[] = ['org_admin', 'property_manager']

export function registerOnboardingNav(): void {
  registerOrgNavItem({
    path: 'onboarding',
    label: 'onboarding.navCooperatives',
    visible: (org) => org.kind === 'management_company' && org.roles.some((r) => CREATORS.includes(r)),
  })
  registerOrgNavItem({
    path: 'setup',
    label: 'onboarding.navSetup',
    visible: (org) => org.kind === 'housing_cooperative' && org.abilities.includes('org.structure.manage'),
  })
}
