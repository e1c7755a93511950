import { describe, expect, it } from 'vitest'
import { BUILTIN_DEFAULTS, keepAllowed, roleGroupIn, widgetsAllowed } from '../dashboards/widgets.ts'
import { can } from '../policy.ts'
import type { Role } from '../roles.ts'
import type { PlaceFacts } from './dashboard.ts'
import type { OrgRef, Principal } from './principal.ts'

const coop: OrgRef = { id: 'c', kind: 'housing_cooperative', status: 'active', managedBy: 'm' }
const place = { buildingId: 'b1', apartmentId: 'a1' }
const who = (
  role: Role,
  opts: { orgId?: string; kind?: OrgRef['kind']; buildingId?: string; apartmentId?: string } = {},
): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified: true,
  memberships: [
    {
      orgId: opts.orgId ?? 'c',
      orgKind: opts.kind ?? 'housing_cooperative',
      role,
      buildingId: opts.buildingId ?? null,
      apartmentId: opts.apartmentId ?? null,
    },
  ],
})
const r = (p: PlaceFacts | undefined = place) => ({ type: 'dashboard' as const, org: coop, place: p })

describe('dashboard policy', () => {
  it('apartment views: its people and the board or staff, not neighbours, maintenance or auditors', () => {
    expect(can(who('resident', { apartmentId: 'a1' }), 'apartment.read', r())).toBe(true)
    expect(can(who('owner', { apartmentId: 'a2' }), 'apartment.read', r())).toBe(false)
    expect(can(who('board_member'), 'apartment.read', r())).toBe(true)
    expect(
      can(who('property_manager', { orgId: 'm', kind: 'management_company' }), 'apartment.read', r()),
    ).toBe(true)
    expect(can(who('auditor'), 'apartment.read', r())).toBe(false)
    expect(can(who('maintenance_staff'), 'apartment.read', r())).toBe(false)
    expect(can(who('owner', { apartmentId: 'a1' }), 'apartment.read', { type: 'dashboard', org: coop })).toBe(
      false,
    )
  })

  it('service history: owners of the apartment (not residents), the board, and maintenance of that building', () => {
    expect(can(who('owner', { apartmentId: 'a1' }), 'history.read', r())).toBe(true)
    expect(can(who('resident', { apartmentId: 'a1' }), 'history.read', r())).toBe(false)
    expect(
      can(who('owner', { apartmentId: 'a1' }), 'history.read', r({ buildingId: 'b1', apartmentId: null })),
    ).toBe(false)
    expect(can(who('maintenance_staff', { buildingId: 'b1' }), 'history.read', r())).toBe(true)
    expect(can(who('maintenance_staff', { buildingId: 'b2' }), 'history.read', r())).toBe(false)
    expect(
      can(who('maintenance_staff', { orgId: 'm', kind: 'management_company' }), 'history.read', r()),
    ).toBe(true)
    expect(can(who('board_member'), 'history.read', r())).toBe(true)
    expect(can(who('contractor', { orgId: 'p', kind: 'partner_company' }), 'history.read', r())).toBe(false)
  })

  it('information page: members read, staff and board edit, only staff manage links and defaults', () => {
    const org = { type: 'dashboard' as const, org: coop }
    expect(can(who('resident'), 'orginfo.read', org)).toBe(true)
    expect(can(who('resident'), 'orginfo.edit', org)).toBe(false)
    expect(can(who('board_member'), 'orginfo.edit', org)).toBe(true)
    expect(can(who('board_member'), 'links.manage', org)).toBe(false)
    expect(can(who('org_admin'), 'links.manage', org)).toBe(true)
    expect(can(who('board_member'), 'dashboard.defaults', org)).toBe(false)
    expect(can(who('board_member', { orgId: 'x' }), 'orginfo.read', org)).toBe(false)
    // Staff of the management company without their second factor: nothing.
    const noMfa = {
      ...who('property_manager', { orgId: 'm', kind: 'management_company' }),
      mfaVerified: false,
    }
    expect(can(noMfa, 'dashboard.defaults', org)).toBe(false)
    // A suspended cooperative grants nothing.
    expect(can(who('resident'), 'orginfo.read', { ...org, org: { ...coop, status: 'suspended' } })).toBe(
      false,
    )
  })

  it('widgets follow the data they show: no work queue for residents, no finance for a non-owning resident', () => {
    const resident = widgetsAllowed(who('resident', { apartmentId: 'a1' }), coop)
    expect(resident).toContain('myApartment')
    expect(resident).not.toContain('workQueue')
    expect(resident).not.toContain('finance')
    expect(widgetsAllowed(who('owner', { apartmentId: 'a1' }), coop)).toContain('finance')
    expect(widgetsAllowed(who('board_member'), coop)).toEqual(
      expect.arrayContaining(['workQueue', 'finance', 'tasks']),
    )
    expect(widgetsAllowed(who('board_member', { orgId: 'x' }), coop)).toEqual([])
    expect(roleGroupIn(who('maintenance_staff', { orgId: 'm', kind: 'management_company' }), coop)).toBe(
      'maintenance',
    )
    // Every built-in default is kept whole for a role that belongs to its group.
    expect(keepAllowed(BUILTIN_DEFAULTS.board, widgetsAllowed(who('board_member'), coop))).toEqual(
      BUILTIN_DEFAULTS.board,
    )
  })
})
