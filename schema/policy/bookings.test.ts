import { describe, expect, it } from 'vitest'
import { type BookingAction, bookingAbilitiesIn, can, type OrgRef, type Principal } from '../policy.ts'
import { ROLES, type Role } from '../roles.ts'

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const OTHER: OrgRef = { id: 'other', kind: 'housing_cooperative', status: 'active', managedBy: 'other-mgmt' }

const principal = (
  role: Role,
  orgId = 'coop',
  orgKind: OrgRef['kind'] = 'housing_cooperative',
  extra: Partial<Principal> = {},
): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified: true,
  memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
  ...extra,
})

const READ: BookingAction[] = ['bookings.read']
const BOOK: BookingAction[] = ['bookings.read', 'bookings.create']
const STAFF: BookingAction[] = ['bookings.read', 'bookings.create', 'bookings.manage']

// The expected booking abilities of each role held directly in a cooperative.
const TABLE: Record<Role, BookingAction[]> = {
  owner: BOOK,
  owner_representative: BOOK,
  resident: BOOK,
  board_member: BOOK,
  property_manager: STAFF,
  accountant: READ,
  contractor: READ,
  contractor_representative: READ,
  investor: READ,
  portfolio_manager: READ,
  investor_representative: READ,
  auditor: READ,
  maintenance_staff: READ,
  org_admin: STAFF,
}

describe('policy: bookings, every role', () => {
  for (const role of ROLES) {
    it(`${role} in the cooperative`, () => {
      expect(bookingAbilitiesIn(principal(role), COOP)).toEqual(TABLE[role])
    })
    it(`${role} of the cooperative gets nothing in another cooperative`, () => {
      expect(bookingAbilitiesIn(principal(role), OTHER)).toEqual([])
    })
  }
})

describe('policy: bookings, staff, suspension, platform', () => {
  it('management staff manage the bookings of cooperatives their company runs, after TOTP', () => {
    expect(bookingAbilitiesIn(principal('property_manager', 'mgmt', 'management_company'), COOP)).toEqual(
      STAFF,
    )
    expect(bookingAbilitiesIn(principal('accountant', 'mgmt', 'management_company'), COOP)).toEqual(READ)
    const unverified = principal('property_manager', 'mgmt', 'management_company', { mfaVerified: false })
    expect(bookingAbilitiesIn(unverified, COOP)).toEqual([])
    expect(bookingAbilitiesIn(principal('property_manager', 'mgmt', 'management_company'), OTHER)).toEqual([])
  })
  it('a suspended cooperative grants nothing', () => {
    expect(bookingAbilitiesIn(principal('org_admin'), { ...COOP, status: 'suspended' })).toEqual([])
  })
  it('platform admins may do everything, with a verified second factor only', () => {
    const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
    expect(bookingAbilitiesIn(admin, OTHER)).toEqual(STAFF)
    expect(bookingAbilitiesIn({ ...admin, mfaVerified: false }, OTHER)).toEqual([])
  })
  it('booking actions are not organisation actions and vice versa', () => {
    // A mismatch does not compile; a caller that casts still gets no.
    // @ts-expect-error a booking action is not asked of an organisation
    expect(can(principal('org_admin'), 'bookings.manage', { type: 'org', org: COOP })).toBe(false)
    // @ts-expect-error an organisation action is not asked of the bookings
    expect(can(principal('org_admin'), 'members.manage', { type: 'bookings', org: COOP })).toBe(false)
  })
})
