import { describe, expect, it } from 'vitest'
import { type OrgKind, ROLES, type Role } from '../roles.ts'
import { canOnCommunications } from './communications.ts'
import type { OrgRef, Principal } from './principal.ts'

const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const OTHER: OrgRef = { id: 'other', kind: 'housing_cooperative', status: 'active', managedBy: null }

const principal = (
  orgId: string,
  orgKind: OrgKind,
  role: Role,
  extra: Partial<Principal> = {},
): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified: true,
  memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
  ...extra,
})
const send = (p: Principal, org: OrgRef | null) =>
  canOnCommunications(p, 'communications.send', { type: 'communications', org })
const announce = (p: Principal, org: OrgRef | null) =>
  canOnCommunications(p, 'announcements.publish', { type: 'communications', org })

describe('communications policy', () => {
  it('only board members, property managers and organisation admins of the cooperative send', () => {
    const senders = ROLES.filter((r) => send(principal('coop', 'housing_cooperative', r), COOP))
    expect(senders).toEqual(['board_member', 'property_manager', 'org_admin'])
  })

  it('management staff send in the cooperatives their company manages, after their second factor', () => {
    expect(send(principal('mgmt', 'management_company', 'property_manager'), COOP)).toBe(true)
    expect(send(principal('mgmt', 'management_company', 'accountant'), COOP)).toBe(false)
    expect(
      send(principal('mgmt', 'management_company', 'property_manager', { mfaVerified: false }), COOP),
    ).toBe(false)
    expect(send(principal('mgmt', 'management_company', 'property_manager'), OTHER)).toBe(false)
    expect(send(principal('mgmt', 'management_company', 'property_manager'), MGMT)).toBe(true)
  })

  it('a board member of one cooperative cannot send in another; a suspended one grants nothing', () => {
    const board = principal('coop', 'housing_cooperative', 'board_member')
    expect(send(board, OTHER)).toBe(false)
    expect(send(board, { ...COOP, status: 'suspended' })).toBe(false)
  })

  it('platform-wide announcements: platform admins with their second factor only', () => {
    const admin = principal('mgmt', 'management_company', 'org_admin', { platformAdmin: true })
    expect(announce(admin, null)).toBe(true)
    expect(announce({ ...admin, mfaVerified: false }, null)).toBe(false)
    expect(announce(principal('coop', 'housing_cooperative', 'board_member'), null)).toBe(false)
    expect(send(admin, null)).toBe(false)
    // An admin may look at and announce in an organisation, not send mass communications as it.
    expect(announce(admin, OTHER)).toBe(true)
    expect(send(admin, OTHER)).toBe(false)
  })
})
