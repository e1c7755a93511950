import { describe, expect, it } from 'vitest'
import { type ArticleFacts, can, type OrgRef, type Principal } from '../policy.ts'
import type { OrgKind, Role } from '../roles.ts'

const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const ELSEWHERE: OrgRef = {
  id: 'else',
  kind: 'housing_cooperative',
  status: 'active',
  managedBy: 'other-mgmt',
}
const PARTNER: OrgRef = { id: 'partner', kind: 'partner_company', status: 'active', managedBy: null }
const RIVAL: OrgRef = { id: 'rival', kind: 'partner_company', status: 'active', managedBy: null }

function who(orgId: string, orgKind: OrgKind, role: Role, mfaVerified = true): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified,
    memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
  }
}

const published: ArticleFacts = { shared: true, published: true, deleted: false }
const draft: ArticleFacts = { shared: true, published: false, deleted: false }
const article = (org: OrgRef, via: OrgRef | null, facts: ArticleFacts | null) =>
  ({ type: 'article', org, via, article: facts }) as const

describe('knowledge-base policy', () => {
  const resident = who('coop', 'housing_cooperative', 'resident')
  const stranger = who('else', 'housing_cooperative', 'resident')
  const staff = who('mgmt', 'management_company', 'property_manager')
  const board = who('coop', 'housing_cooperative', 'board_member')

  it('a resident of a managed cooperative reads a shared, published article of its company through it', () => {
    expect(can(resident, 'kb.read', article(MGMT, COOP, published))).toBe(true)
    expect(can(resident, 'kb.read', article(MGMT, null, published))).toBe(false)
    expect(can(resident, 'kb.read', article(MGMT, COOP, { ...published, shared: false }))).toBe(false)
    expect(can(resident, 'kb.read', article(MGMT, COOP, draft))).toBe(false)
    expect(can(resident, 'kb.author', article(MGMT, COOP, published))).toBe(false)
  })

  it('a cooperative of another company cannot borrow the article, whatever it claims as via', () => {
    expect(can(stranger, 'kb.read', article(MGMT, ELSEWHERE, published))).toBe(false)
    expect(can(stranger, 'kb.read', article(MGMT, COOP, published))).toBe(false)
  })

  it('drafts are for authors; authors are the board and staff (staff only after TOTP)', () => {
    const coopDraft = { shared: false, published: false, deleted: false }
    expect(can(board, 'kb.read', article(COOP, null, coopDraft))).toBe(true)
    expect(can(board, 'kb.author', article(COOP, null, null))).toBe(true)
    expect(can(resident, 'kb.read', article(COOP, null, coopDraft))).toBe(false)
    expect(can(resident, 'kb.author', article(COOP, null, null))).toBe(false)
    expect(can(staff, 'kb.author', article(MGMT, null, null))).toBe(true)
    expect(can(staff, 'kb.author', article(COOP, null, null))).toBe(true)
    const noTotp = who('mgmt', 'management_company', 'property_manager', false)
    expect(can(noTotp, 'kb.author', article(MGMT, null, null))).toBe(false)
    expect(can(who('mgmt', 'management_company', 'accountant'), 'kb.author', article(MGMT, null, null))).toBe(
      false,
    )
  })

  it('deleted articles are read by nobody and a partner company has no knowledge base', () => {
    expect(
      can(board, 'kb.read', article(COOP, null, { shared: false, published: true, deleted: true })),
    ).toBe(false)
    expect(
      can(who('partner', 'partner_company', 'org_admin'), 'kb.author', article(PARTNER, null, null)),
    ).toBe(false)
  })

  it('a suspended company shares nothing', () => {
    const suspended = { ...MGMT, status: 'suspended' } as const
    expect(can(resident, 'kb.read', article(suspended, COOP, published))).toBe(false)
  })
})

describe('partner-material policy', () => {
  const materials = (org: OrgRef, partner: OrgRef | null, granted: boolean) =>
    ({ type: 'materials', org, partner, granted }) as const
  const contractor = who('partner', 'partner_company', 'contractor')

  it('a member of a granted partner company reads; not granted, another partner, a resident do not', () => {
    expect(can(contractor, 'materials.read', materials(MGMT, PARTNER, true))).toBe(true)
    expect(can(contractor, 'materials.read', materials(MGMT, PARTNER, false))).toBe(false)
    expect(can(contractor, 'materials.read', materials(MGMT, RIVAL, true))).toBe(false)
    expect(can(contractor, 'materials.manage', materials(MGMT, PARTNER, true))).toBe(false)
    const resident = who('coop', 'housing_cooperative', 'resident')
    expect(can(resident, 'materials.read', materials(MGMT, COOP, true))).toBe(false)
    expect(can(resident, 'materials.read', materials(COOP, null, false))).toBe(false)
  })

  it('publishers are management staff and a cooperative board; a cooperative cannot be a partner', () => {
    const staff = who('mgmt', 'management_company', 'org_admin')
    expect(can(staff, 'materials.manage', materials(MGMT, null, false))).toBe(true)
    expect(can(staff, 'materials.read', materials(MGMT, null, false))).toBe(true)
    expect(
      can(
        who('coop', 'housing_cooperative', 'board_member'),
        'materials.manage',
        materials(COOP, null, false),
      ),
    ).toBe(true)
    expect(can(staff, 'materials.manage', materials(PARTNER, null, false))).toBe(false)
    const board = who('coop', 'housing_cooperative', 'board_member')
    expect(can(board, 'materials.read', materials(MGMT, COOP, true))).toBe(false)
  })
})
