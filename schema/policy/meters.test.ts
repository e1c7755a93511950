import { describe, expect, it } from 'vitest'
import { can, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, type Role } from '../roles.ts'
import type { MeterAction, MeterPlace } from './meters.ts'

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const SUSPENDED: OrgRef = { ...COOP, status: 'suspended' }
const HOME: MeterPlace = { buildingId: 'b1', apartmentId: 'a1' }
const NEIGHBOUR: MeterPlace = { buildingId: 'b1', apartmentId: 'a2' }
const COMMON: MeterPlace = { buildingId: 'b1', apartmentId: null }
const OTHER_BUILDING: MeterPlace = { buildingId: 'b2', apartmentId: 'a9' }

function principal(
  orgId: string,
  orgKind: OrgKind,
  role: Role,
  scope: { buildingId?: string; apartmentId?: string } = {},
): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified: true,
    memberships: [
      { orgId, orgKind, role, buildingId: scope.buildingId ?? null, apartmentId: scope.apartmentId ?? null },
    ],
  }
}
const ask = (p: Principal, action: MeterAction, place?: MeterPlace, org: OrgRef = COOP) =>
  can(p, action, { type: 'meters', org, ...(place ? { place } : {}) })
const inCoop = (role: Role, scope?: { buildingId?: string; apartmentId?: string }) =>
  principal('coop', 'housing_cooperative', role, scope)

describe('meter policy', () => {
  it('residents and owners read and submit for their own apartment only', () => {
    for (const role of ['owner', 'owner_representative', 'resident'] as const) {
      const p = inCoop(role, { buildingId: 'b1', apartmentId: 'a1' })
      expect(ask(p, 'meters.submit', HOME), role).toBe(true)
      expect(ask(p, 'meters.read', HOME), role).toBe(true)
      expect(ask(p, 'meters.submit', NEIGHBOUR), role).toBe(false)
      expect(ask(p, 'meters.read', NEIGHBOUR), role).toBe(false)
      expect(ask(p, 'meters.read', COMMON), role).toBe(false)
      expect(ask(p, 'meters.overview'), role).toBe(false)
      expect(ask(p, 'meters.manage', HOME), role).toBe(false)
    }
  })

  it('who reads a neighbour apartment meter: staff, maintenance, board, accountant, auditor', () => {
    const readers = ROLES.filter((r) => ask(inCoop(r), 'meters.read', NEIGHBOUR))
    expect(readers).toEqual([
      'board_member',
      'property_manager',
      'accountant',
      'auditor',
      'maintenance_staff',
      'org_admin',
    ])
    const submitters = ROLES.filter((r) => ask(inCoop(r), 'meters.submit', NEIGHBOUR))
    expect(submitters).toEqual(['property_manager', 'maintenance_staff', 'org_admin'])
  })

  it('maintenance staff serve their building, the whole cooperative, or what their company runs', () => {
    const scoped = inCoop('maintenance_staff', { buildingId: 'b1' })
    expect(ask(scoped, 'meters.submit', HOME)).toBe(true)
    expect(ask(scoped, 'meters.manage', COMMON)).toBe(true)
    expect(ask(scoped, 'meters.submit', OTHER_BUILDING)).toBe(false)
    expect(ask(scoped, 'meters.read', OTHER_BUILDING)).toBe(false)
    const viaCompany = principal('mgmt', 'management_company', 'maintenance_staff')
    expect(ask(viaCompany, 'meters.submit', OTHER_BUILDING)).toBe(true)
    // Without their second factor, staff grants do not count.
    const unverified = { ...viaCompany, mfaVerified: false }
    expect(ask(unverified, 'meters.read', OTHER_BUILDING)).toBe(false)
  })

  it('contractors, investors and other cooperatives see nothing; a suspended cooperative grants nothing', () => {
    for (const [kind, role] of [
      ['partner_company', 'contractor'],
      ['partner_company', 'maintenance_staff'],
      ['investor_portfolio', 'investor'],
    ] as const) {
      const p = principal('x', kind, role)
      for (const action of ['meters.overview', 'meters.read', 'meters.submit', 'meters.manage'] as const) {
        expect(ask(p, action, HOME), `${role} ${action}`).toBe(false)
      }
    }
    expect(ask(principal('other', 'housing_cooperative', 'board_member'), 'meters.read', HOME)).toBe(false)
    const owner = inCoop('owner', { apartmentId: 'a1' })
    expect(ask(owner, 'meters.submit', HOME, SUSPENDED)).toBe(false)
    expect(ask(inCoop('property_manager'), 'meters.manage', HOME, SUSPENDED)).toBe(false)
  })

  it('a platform admin reads for support and never writes', () => {
    const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
    expect(ask(admin, 'meters.read', HOME)).toBe(true)
    expect(ask(admin, 'meters.submit', HOME)).toBe(false)
    expect(ask(admin, 'meters.manage', HOME)).toBe(false)
  })
})
