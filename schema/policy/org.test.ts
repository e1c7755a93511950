import { describe, expect, it } from 'vitest'
import { abilitiesIn, can, ORG_ACTIONS, type OrgAction, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, type Role } from '../roles.ts'

const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const OTHER: OrgRef = { id: 'other', kind: 'housing_cooperative', status: 'active', managedBy: 'other-mgmt' }

function principal(orgId: string, orgKind: OrgKind, role: Role, extra: Partial<Principal> = {}): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified: true,
    memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
    ...extra,
  }
}

// The expected abilities of each role held directly in a cooperative.
const COOP_TABLE: Record<Role, OrgAction[]> = {
  owner: ['org.read', 'org.structure.read'],
  owner_representative: ['org.read', 'org.structure.read'],
  resident: ['org.read', 'org.structure.read'],
  board_member: ['org.read', 'org.structure.read', 'members.read'],
  property_manager: [
    'org.read',
    'org.structure.read',
    'org.structure.manage',
    'members.read',
    'members.manage',
    'audit.read',
  ],
  accountant: ['org.read', 'org.structure.read'],
  contractor: ['org.read', 'org.structure.read'],
  contractor_representative: ['org.read', 'org.structure.read'],
  investor: ['org.read', 'org.structure.read'],
  portfolio_manager: ['org.read', 'org.structure.read'],
  investor_representative: ['org.read', 'org.structure.read'],
  auditor: ['org.read', 'org.structure.read', 'audit.read'],
  maintenance_staff: ['org.read', 'org.structure.read'],
  org_admin: [
    'org.read',
    'org.structure.read',
    'org.structure.manage',
    'members.read',
    'members.manage',
    'audit.read',
  ],
}

describe('policy: every role × every organisation action', () => {
  for (const role of ROLES) {
    it(`${role} in the cooperative`, () => {
      expect(abilitiesIn(principal('coop', 'housing_cooperative', role), COOP)).toEqual(COOP_TABLE[role])
    })
    it(`${role} of the cooperative gets nothing in another organisation`, () => {
      for (const action of ORG_ACTIONS) {
        expect(can(principal('coop', 'housing_cooperative', role), action, { type: 'org', org: OTHER })).toBe(
          false,
        )
      }
    })
  }
})

describe('policy: management company staff', () => {
  it('act in the cooperatives their company manages, with their role', () => {
    const manager = principal('mgmt', 'management_company', 'property_manager')
    expect(abilitiesIn(manager, COOP)).toEqual(COOP_TABLE.property_manager)
    expect(abilitiesIn(manager, OTHER)).toEqual([])
  })
  it('count only after passing the second factor', () => {
    const manager = principal('mgmt', 'management_company', 'property_manager', { mfaVerified: false })
    expect(abilitiesIn(manager, COOP)).toEqual([])
    expect(abilitiesIn(manager, MGMT)).toEqual([])
    expect(can(manager, 'registrations.review', { type: 'platform' })).toBe(false)
  })
  it('org admins of the company may suspend what it manages, nothing else', () => {
    const admin = principal('mgmt', 'management_company', 'org_admin')
    expect(can(admin, 'org.suspend', { type: 'org', org: COOP })).toBe(true)
    expect(can(admin, 'org.suspend', { type: 'org', org: OTHER })).toBe(false)
    expect(
      can(principal('mgmt', 'management_company', 'property_manager'), 'org.suspend', {
        type: 'org',
        org: COOP,
      }),
    ).toBe(false)
  })
  it('review registrations: org admins and property managers; accountants, residents and board do not', () => {
    expect(
      can(principal('mgmt', 'management_company', 'property_manager'), 'registrations.review', {
        type: 'platform',
      }),
    ).toBe(true)
    expect(
      can(principal('mgmt', 'management_company', 'accountant'), 'registrations.review', {
        type: 'platform',
      }),
    ).toBe(false)
    expect(
      can(principal('coop', 'housing_cooperative', 'board_member'), 'registrations.review', {
        type: 'platform',
      }),
    ).toBe(false)
  })
})

describe('policy: suspension and platform admins', () => {
  it('a suspended organisation grants its members nothing', () => {
    const suspended: OrgRef = { ...COOP, status: 'suspended' }
    expect(abilitiesIn(principal('coop', 'housing_cooperative', 'org_admin'), suspended)).toEqual([])
    expect(abilitiesIn(principal('mgmt', 'management_company', 'property_manager'), suspended)).toEqual([])
  })
  it('platform admins may do everything, but only with a verified second factor', () => {
    const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
    for (const action of ORG_ACTIONS)
      expect(can(admin, action, { type: 'org', org: { ...OTHER, status: 'suspended' } })).toBe(true)
    expect(can(admin, 'orgs.list_all', { type: 'platform' })).toBe(true)
    expect(can({ ...admin, mfaVerified: false }, 'orgs.list_all', { type: 'platform' })).toBe(false)
    expect(abilitiesIn({ ...admin, mfaVerified: false }, OTHER)).toEqual([])
  })
})
