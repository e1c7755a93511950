import { describe, expect, it } from 'vitest'
import { can, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, ROLES_BY_KIND, type Role } from '../roles.ts'

const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const MGMT2: OrgRef = { id: 'mgmt2', kind: 'management_company', status: 'active', managedBy: null }
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const PARTNER: OrgRef = { id: 'p', kind: 'partner_company', status: 'active', managedBy: null }

function principal(orgId: string, orgKind: OrgKind, role: Role, mfaVerified = true): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified,
    memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
  }
}
const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }

describe('onboarding policy', () => {
  it('management companies and portfolios: platform admins only (after TOTP)', () => {
    const res = { type: 'onboarding', org: null } as const
    expect(can(admin, 'orgs.create', res)).toBe(true)
    expect(can({ ...admin, mfaVerified: false }, 'orgs.create', res)).toBe(false)
    for (const r of ROLES_BY_KIND.management_company)
      expect(can(principal('mgmt', 'management_company', r), 'orgs.create', res)).toBe(false)
  })

  it("cooperatives: the company's org admins and property managers, under their own company only", () => {
    const res = { type: 'onboarding', org: MGMT } as const
    const creators = ROLES.filter((r) =>
      can(principal('mgmt', 'management_company', r), 'cooperatives.create', res),
    )
    expect(creators).toEqual(['property_manager', 'org_admin'])
    expect(can(principal('mgmt2', 'management_company', 'org_admin'), 'cooperatives.create', res)).toBe(false)
    expect(can(principal('mgmt', 'management_company', 'org_admin', false), 'cooperatives.create', res)).toBe(
      false,
    )
    // Not under a cooperative or a partner company, not under a suspended company.
    expect(
      can(principal('coop', 'housing_cooperative', 'org_admin'), 'cooperatives.create', {
        ...res,
        org: COOP,
      }),
    ).toBe(false)
    expect(can(admin, 'cooperatives.create', { ...res, org: PARTNER })).toBe(false)
    expect(
      can(principal('mgmt', 'management_company', 'org_admin'), 'cooperatives.create', {
        ...res,
        org: { ...MGMT, status: 'suspended' },
      }),
    ).toBe(false)
  })

  it('handover: an org admin of the current company or a platform admin, to another active company', () => {
    const res = { type: 'onboarding', org: COOP, from: MGMT, to: MGMT2 } as const
    const handers = ROLES.filter((r) => can(principal('mgmt', 'management_company', r), 'org.handover', res))
    expect(handers).toEqual(['org_admin'])
    // The receiving company's admin, the cooperative's own admin: no.
    expect(can(principal('mgmt2', 'management_company', 'org_admin'), 'org.handover', res)).toBe(false)
    expect(can(principal('coop', 'housing_cooperative', 'org_admin'), 'org.handover', res)).toBe(false)
    expect(can(admin, 'org.handover', res)).toBe(true)
    // A forged "from" that is not the cooperative's company, a target that is not a company.
    const mgmt2Admin = principal('mgmt2', 'management_company', 'org_admin')
    expect(can(mgmt2Admin, 'org.handover', { ...res, from: MGMT2, to: MGMT })).toBe(false)
    expect(can(admin, 'org.handover', { ...res, to: PARTNER })).toBe(false)
    expect(can(admin, 'org.handover', { ...res, to: MGMT })).toBe(false)
    expect(can(admin, 'org.handover', { ...res, to: { ...MGMT2, status: 'suspended' } })).toBe(false)
  })
})
