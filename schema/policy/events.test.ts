import { describe, expect, it } from 'vitest'
import { type OrgKind, ROLES, type Role } from '../roles.ts'
import { canOnEvent, type EventAction, type EventFacts } from './events.ts'
import type { OrgRef, Principal } from './principal.ts'

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
const event = (facts: Partial<EventFacts> = {}): EventFacts => ({
  id: 'e',
  invited: false,
  cancelled: false,
  ...facts,
})
const may = (p: Principal, action: EventAction, org: OrgRef, e: EventFacts | null = event()) =>
  canOnEvent(p, action, { type: 'event', org, event: e })

describe('events policy', () => {
  it('board members, property managers and organisation admins organise; nobody else', () => {
    const organisers = ROLES.filter((r) =>
      may(principal('coop', 'housing_cooperative', r), 'event.create', COOP, null),
    )
    expect(organisers).toEqual(['board_member', 'property_manager', 'org_admin'])
    expect(may(principal('mgmt', 'management_company', 'property_manager'), 'event.create', COOP, null)).toBe(
      true,
    )
    expect(
      may(
        principal('mgmt', 'management_company', 'property_manager', { mfaVerified: false }),
        'event.create',
        COOP,
        null,
      ),
    ).toBe(false)
    expect(may(principal('coop', 'housing_cooperative', 'board_member'), 'event.create', OTHER, null)).toBe(
      false,
    )
  })

  it('a member reads and answers only when invited; an auditor invited reads but never answers or writes', () => {
    const owner = principal('coop', 'housing_cooperative', 'owner')
    expect(may(owner, 'event.read', COOP)).toBe(false)
    expect(may(owner, 'event.rsvp', COOP)).toBe(false)
    expect(may(owner, 'event.read', COOP, event({ invited: true }))).toBe(true)
    expect(may(owner, 'event.rsvp', COOP, event({ invited: true }))).toBe(true)
    expect(may(owner, 'event.write', COOP, event({ invited: true }))).toBe(true)
    expect(may(owner, 'event.manage', COOP, event({ invited: true }))).toBe(false)
    expect(may(owner, 'event.moderate', COOP, event({ invited: true }))).toBe(false)
    const auditor = principal('coop', 'housing_cooperative', 'auditor')
    expect(may(auditor, 'event.read', COOP, event({ invited: true }))).toBe(true)
    expect(may(auditor, 'event.rsvp', COOP, event({ invited: true }))).toBe(false)
    expect(may(auditor, 'event.write', COOP, event({ invited: true }))).toBe(false)
  })

  it('an invitation of someone with no role left in the organisation counts for nothing', () => {
    const elsewhere = principal('other', 'housing_cooperative', 'owner')
    expect(may(elsewhere, 'event.read', COOP, event({ invited: true }))).toBe(false)
    expect(
      may(
        principal('coop', 'housing_cooperative', 'owner'),
        'event.read',
        { ...COOP, status: 'suspended' },
        event({ invited: true }),
      ),
    ).toBe(false)
  })

  it('a cancelled event is read, not answered or written in', () => {
    const owner = principal('coop', 'housing_cooperative', 'owner')
    const cancelled = event({ invited: true, cancelled: true })
    expect(may(owner, 'event.read', COOP, cancelled)).toBe(true)
    expect(may(owner, 'event.rsvp', COOP, cancelled)).toBe(false)
    expect(may(owner, 'event.write', COOP, cancelled)).toBe(false)
  })

  it('moderation: property managers and organisation admins; a board member organises but does not moderate', () => {
    expect(may(principal('mgmt', 'management_company', 'property_manager'), 'event.moderate', COOP)).toBe(
      true,
    )
    expect(may(principal('coop', 'housing_cooperative', 'board_member'), 'event.moderate', COOP)).toBe(false)
    expect(may(principal('coop', 'housing_cooperative', 'board_member'), 'event.manage', COOP)).toBe(true)
  })

  it('platform admins read for support but neither organise nor answer; unknown actions are refused', () => {
    const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
    expect(may(admin, 'event.read', COOP)).toBe(true)
    expect(may(admin, 'event.create', COOP, null)).toBe(false)
    expect(may(admin, 'event.rsvp', COOP)).toBe(false)
    expect(may(admin, 'event.manage', COOP)).toBe(false)
    expect(
      may(principal('coop', 'housing_cooperative', 'board_member'), 'case.read' as EventAction, COOP),
    ).toBe(false)
  })
})
