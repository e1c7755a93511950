import { describe, expect, it } from 'vitest'
import { can, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, type Role } from '../roles.ts'

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const principal = (orgId: string, orgKind: OrgKind, role: Role, mfaVerified = true): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified,
  memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
})
const confirm = (p: Principal, org = COOP) => can(p, 'gdpr.erasure.confirm', { type: 'gdpr', org })

describe('GDPR policy', () => {
  it('erasure is confirmed by the organisation admins and property managers, the company included', () => {
    expect(ROLES.filter((r) => confirm(principal('coop', 'housing_cooperative', r)))).toEqual([
      'property_manager',
      'org_admin',
    ])
    expect(ROLES.filter((r) => confirm(principal('mgmt', 'management_company', r)))).toEqual([
      'property_manager',
      'org_admin',
    ])
    expect(confirm(principal('mgmt', 'management_company', 'org_admin', false))).toBe(false)
    expect(confirm(principal('other', 'housing_cooperative', 'org_admin'))).toBe(false)
    expect(
      confirm(principal('coop', 'housing_cooperative', 'org_admin'), { ...COOP, status: 'suspended' }),
    ).toBe(false)
  })
})
