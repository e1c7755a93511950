import { describe, expect, it } from 'vitest'
import { type CaseFacts, can, type OrgRef, type Principal } from '../policy.ts'
import type { Role } from '../roles.ts'

/** Message history (thread.history, case.history) and case categories (case.categories). */
const coop: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const partner: OrgRef = { id: 'pipes', kind: 'partner_company', status: 'active', managedBy: null }
const who = (role: Role, orgId = 'coop', orgKind: OrgRef['kind'] = 'housing_cooperative'): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified: true,
  memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId: null }],
})
const facts: CaseFacts = {
  id: 'c',
  reporterId: 'u',
  assigneeId: null,
  participants: [],
  addedThrough: {},
  buildingId: null,
  sharedWithBuilding: false,
}
const channel = {
  type: 'thread',
  org: coop,
  thread: { id: 't', audience: 'members', archived: false },
} as const
const aCase = { type: 'case', org: coop, case: facts } as const
const categories = (org: OrgRef) => ({ type: 'case', org, case: null }) as const

// [who, thread.history, case.history (as the case's reporter), case.categories]
const table: Array<[string, Principal, boolean, boolean, boolean]> = [
  ['resident (the reporter)', who('resident'), false, false, false],
  ['board member', who('board_member'), false, false, true],
  ['auditor', who('auditor'), true, true, false],
  ['property manager (staff)', who('property_manager', 'mgmt', 'management_company'), true, true, true],
  ['org admin', who('org_admin'), true, true, true],
  ['contractor', who('contractor', 'pipes', 'partner_company'), false, false, false],
  ['auditor of another cooperative', who('auditor', 'elsewhere'), false, false, false],
]

describe('history and categories policy', () => {
  for (const [name, p, threadHistory, caseHistory, manageCategories] of table) {
    it(name, () => {
      expect(can(p, 'thread.history', channel)).toBe(threadHistory)
      expect(can(p, 'case.history', aCase)).toBe(caseHistory)
      expect(can(p, 'case.categories', categories(coop))).toBe(manageCategories)
    })
  }
  it('categories belong to cooperatives, and are asked about without a case', () => {
    expect(can(who('org_admin', 'pipes', 'partner_company'), 'case.categories', categories(partner))).toBe(
      false,
    )
    expect(can(who('board_member'), 'case.categories', aCase)).toBe(false)
  })
})
