import { describe, expect, it } from 'vitest'
import { type BoardTopic, can, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, ROLES_BY_KIND, type Role } from '../roles.ts'

/** Issue 18, roles for the back office: each rule that changed, asked of every role it could touch. */
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const OTHER: OrgRef = { id: 'other', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt2' }

function principal(orgId: string, orgKind: OrgKind, role: Role, mfaVerified = true): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified,
    memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
  }
}
const board = (topic: BoardTopic | undefined, archived = false) => ({
  type: 'board' as const,
  org: COOP,
  board: { id: 'b', visibility: 'board' as const, archived, topic },
})
const writers = (topic: BoardTopic | undefined, orgId = 'coop', kind: OrgKind = 'housing_cooperative') =>
  ROLES_BY_KIND[kind].filter((r) => can(principal(orgId, kind, r), 'board.write', board(topic)))

describe('back-office roles (issue 18)', () => {
  it('maintenance staff read and work every board of a cooperative they serve, but never manage one', () => {
    for (const p of [
      principal('coop', 'housing_cooperative', 'maintenance_staff'),
      principal('mgmt', 'management_company', 'maintenance_staff'),
    ]) {
      expect(can(p, 'board.read', board(undefined))).toBe(true)
      expect(can(p, 'board.write', board('general'))).toBe(true)
      expect(can(p, 'board.manage', board(undefined))).toBe(false)
      expect(can(p, 'board.create', { type: 'board', org: COOP, board: null })).toBe(false)
      const task = { type: 'task', org: COOP, board: board(undefined).board, delegatedTo: null } as const
      expect(can(p, 'task.progress', task)).toBe(true)
      // Not in a cooperative they do not serve, not on an archived board, not before TOTP.
      expect(can(p, 'board.read', { ...board(undefined), org: OTHER })).toBe(false)
      expect(can(p, 'board.write', board(undefined, true))).toBe(false)
    }
    const unverified = principal('mgmt', 'management_company', 'maintenance_staff', false)
    expect(can(unverified, 'board.read', board(undefined))).toBe(false)
    // A partner company's maintenance staff serve through delegated cards only.
    expect(
      can(principal('pipes', 'partner_company', 'maintenance_staff'), 'board.read', board(undefined)),
    ).toBe(false)
  })

  it('the accountant co-edits finance boards only; the auditor stays read-only everywhere', () => {
    expect(writers('general')).toEqual(['board_member', 'property_manager', 'maintenance_staff', 'org_admin'])
    expect(writers('finance')).toEqual([
      'board_member',
      'property_manager',
      'accountant',
      'maintenance_staff',
      'org_admin',
    ])
    expect(writers('finance', 'mgmt', 'management_company')).toContain('accountant')
    const auditor = principal('coop', 'housing_cooperative', 'auditor')
    expect(can(auditor, 'board.read', board('finance'))).toBe(true)
    expect(can(auditor, 'board.write', board('finance'))).toBe(false)
    const accountant = principal('coop', 'housing_cooperative', 'accountant')
    expect(can(accountant, 'board.manage', board('finance'))).toBe(false)
    expect(can(accountant, 'board.write', board('finance', true))).toBe(false)
  })

  it('partner registrations: platform admins, and org admins and property managers of a management company', () => {
    const reviewers = ROLES.filter((r) =>
      can(principal('mgmt', 'management_company', r), 'registrations.review', { type: 'platform' }),
    )
    expect(reviewers).toEqual(['property_manager', 'org_admin'])
    for (const r of ROLES)
      expect(
        can(principal('coop', 'housing_cooperative', r), 'registrations.review', { type: 'platform' }),
      ).toBe(false)
    const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
    expect(can(admin, 'registrations.review', { type: 'platform' })).toBe(true)
    expect(can({ ...admin, mfaVerified: false }, 'registrations.review', { type: 'platform' })).toBe(false)
  })
})
