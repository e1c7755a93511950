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

  it('retention is set by admins and property managers, read also by the auditor and the board', () => {
    const may = (action: 'gdpr.retention.read' | 'gdpr.retention.manage' | 'gdpr.activity.read') =>
      ROLES.filter((r) =>
        can(principal('coop', 'housing_cooperative', r), action, { type: 'gdpr', org: COOP }),
      )
    expect(may('gdpr.retention.manage')).toEqual(['property_manager', 'org_admin'])
    expect(may('gdpr.retention.read')).toEqual(['board_member', 'property_manager', 'auditor', 'org_admin'])
    expect(may('gdpr.activity.read')).toEqual(['property_manager', 'auditor', 'org_admin'])
    const other = principal('other', 'housing_cooperative', 'org_admin')
    expect(can(other, 'gdpr.retention.read', { type: 'gdpr', org: COOP })).toBe(false)
    expect(can(other, 'gdpr.activity.read', { type: 'gdpr', org: COOP })).toBe(false)
  })
})
