import { describe, expect, it } from 'vitest'
import { type BoardAction, type BoardVisibility, can, type OrgRef, type Principal } from '../policy.ts'
import type { Role } from '../roles.ts'

const coop: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const partner: OrgRef = { id: 'pipes', kind: 'partner_company', status: 'active', managedBy: null }
const otherPartner: OrgRef = { id: 'paint', kind: 'partner_company', status: 'active', managedBy: null }
const principal = (
  role: Role | null,
  orgId = 'coop',
  orgKind: OrgRef['kind'] = 'housing_cooperative',
  mfaVerified = true,
): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified,
  memberships: role ? [{ orgId, orgKind, role, buildingId: null, apartmentId: null }] : [],
})
const board = (visibility: BoardVisibility, archived = false) => ({ id: 'b', visibility, archived })
const contractor = (role: Role = 'contractor') => principal(role, 'pipes', 'partner_company')

const BOARD: BoardAction[] = ['board.read', 'board.write', 'board.manage']

// [who, principal, visibility, read, write, manage]
const boardTable: Array<[string, Principal, BoardVisibility, boolean, boolean, boolean]> = [
  ['board member', principal('board_member'), 'board', true, true, true],
  ['property manager of the coop', principal('property_manager'), 'board', true, true, true],
  ['org admin of the coop', principal('org_admin'), 'board', true, true, true],
  [
    'management staff via managedBy',
    principal('property_manager', 'mgmt', 'management_company'),
    'board',
    true,
    true,
    true,
  ],
  [
    'management staff before TOTP',
    principal('property_manager', 'mgmt', 'management_company', false),
    'board',
    false,
    false,
    false,
  ],
  ['accountant reads', principal('accountant'), 'board', true, false, false],
  ['auditor reads', principal('auditor'), 'board', true, false, false],
  ['resident, board-only board', principal('resident'), 'board', false, false, false],
  ['resident, published board', principal('resident'), 'residents', true, false, false],
  ['owner, published board', principal('owner'), 'residents', true, false, false],
  ['maintenance staff work the cards', principal('maintenance_staff'), 'board', true, true, false],
  ['contractor, even of a delegated card', contractor(), 'residents', false, false, false],
  ['contractor org admin', contractor('org_admin'), 'residents', false, false, false],
  ['board member of another coop', principal('board_member', 'elsewhere'), 'residents', false, false, false],
  ['nobody', principal(null), 'residents', false, false, false],
]

describe('board policy', () => {
  for (const [who, p, visibility, read, write, manage] of boardTable) {
    it(who, () => {
      const resource = { type: 'board', org: coop, board: board(visibility) } as const
      expect(BOARD.map((a) => can(p, a, resource))).toEqual([read, write, manage])
    })
  }

  it('lets editors create boards, nobody else', () => {
    const create = (p: Principal) => can(p, 'board.create', { type: 'board', org: coop, board: null })
    expect(create(principal('board_member'))).toBe(true)
    expect(create(principal('property_manager', 'mgmt', 'management_company'))).toBe(true)
    expect(create(principal('resident'))).toBe(false)
    expect(create(principal('accountant'))).toBe(false)
    expect(create(contractor())).toBe(false)
  })

  it('keeps an archived board readable and read-only', () => {
    const resource = { type: 'board', org: coop, board: board('board', true) } as const
    expect(can(principal('board_member'), 'board.read', resource)).toBe(true)
    expect(can(principal('board_member'), 'board.write', resource)).toBe(false)
  })

  it('grants nothing in a suspended cooperative', () => {
    const resource = {
      type: 'board',
      org: { ...coop, status: 'suspended' },
      board: board('residents'),
    } as const
    expect(can(principal('board_member'), 'board.read', resource)).toBe(false)
  })

  it('has no boards outside cooperatives', () => {
    const resource = { type: 'board', org: partner, board: board('board') } as const
    expect(can(contractor('org_admin'), 'board.read', resource)).toBe(false)
  })
})

// [who, principal, delegated to, read, comment, progress]
const taskTable: Array<[string, Principal, OrgRef | null, boolean, boolean, boolean]> = [
  ['contractor of the delegated company', contractor(), partner, true, true, true],
  ["contractor's representative", contractor('contractor_representative'), partner, true, true, true],
  ['partner org admin', contractor('org_admin'), partner, true, true, true],
  ['partner maintenance staff', contractor('maintenance_staff'), partner, false, false, false],
  [
    'contractor of another company',
    principal('contractor', 'paint', 'partner_company'),
    partner,
    false,
    false,
    false,
  ],
  ['contractor, card not delegated', contractor(), null, false, false, false],
  ['contractor, card delegated elsewhere', contractor(), otherPartner, false, false, false],
  ['board member', principal('board_member'), partner, true, true, true],
  ['accountant', principal('accountant'), partner, true, false, false],
  ['resident, board-only board', principal('resident'), partner, false, false, false],
]

describe('delegated task policy', () => {
  for (const [who, p, delegatedTo, read, comment, progress] of taskTable) {
    it(who, () => {
      const resource = { type: 'task', org: coop, board: board('board'), delegatedTo } as const
      expect(
        (['task.read', 'task.comment', 'task.progress'] as const).map((a) => can(p, a, resource)),
      ).toEqual([read, comment, progress])
    })
  }

  it('ignores a "delegation" to an organisation that is not a partner company', () => {
    const mgmt: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
    const resource = { type: 'task', org: coop, board: board('board'), delegatedTo: mgmt } as const
    expect(can(principal('accountant', 'mgmt', 'management_company'), 'task.progress', resource)).toBe(false)
  })

  it('ends with a suspended partner company or cooperative', () => {
    const suspendedPartner = { ...partner, status: 'suspended' } as const
    const viaSuspended = {
      type: 'task',
      org: coop,
      board: board('board'),
      delegatedTo: suspendedPartner,
    } as const
    expect(can(contractor(), 'task.read', viaSuspended)).toBe(false)
    const suspendedCoop = {
      type: 'task',
      org: { ...coop, status: 'suspended' },
      board: board('board'),
      delegatedTo: partner,
    } as const
    expect(can(contractor(), 'task.read', suspendedCoop)).toBe(false)
  })

  it('lets a contractor read but not change a task of an archived board', () => {
    const resource = { type: 'task', org: coop, board: board('board', true), delegatedTo: partner } as const
    expect(can(contractor(), 'task.read', resource)).toBe(true)
    expect(can(contractor(), 'task.progress', resource)).toBe(false)
  })
})
