import { describe, expect, it } from 'vitest'
import { type Action, type ActionOn, can, type OrgRef, type Principal, type Resource } from './policy.ts'

// can() itself: each question reaches the rules of its resource, and only that resource's
// actions may be asked of it. The rules are tested per resource in schema/policy/*.test.ts.

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: null }
const admin: Principal = { userId: 'a', platformAdmin: true, mfaVerified: true, memberships: [] }
const board = { id: 'b', visibility: 'board', archived: false } as const
const caseFacts = {
  id: 'c',
  reporterId: 'r',
  assigneeId: null,
  participants: [],
  addedThrough: {},
  buildingId: null,
  sharedWithBuilding: false,
}

describe('can()', () => {
  it('an action can only be asked of its resource type: a mismatch is a compile error', () => {
    // Every line below is a type test first (tsc fails if the mismatch ever compiles again) and a
    // run-time test second: a caller that forces a mismatch through still gets no, even a
    // platform admin, whom every rule otherwise answers yes.
    // @ts-expect-error a case action asked of a thread
    expect(can(admin, 'case.read', { type: 'thread', org: COOP, thread: null })).toBe(false)
    // @ts-expect-error a thread action asked of a case
    expect(can(admin, 'thread.read', { type: 'case', org: COOP, case: caseFacts })).toBe(false)
    // @ts-expect-error a card's action asked of the board as a whole
    expect(can(admin, 'task.read', { type: 'board', org: COOP, board })).toBe(false)
    // @ts-expect-error a board action asked of one card
    expect(can(admin, 'board.manage', { type: 'task', org: COOP, board, delegatedTo: null })).toBe(false)
    // @ts-expect-error an organisation action asked of the finance
    expect(can(admin, 'members.manage', { type: 'finance', org: COOP })).toBe(false)
    // @ts-expect-error a platform action asked of an organisation
    expect(can(admin, 'orgs.list_all', { type: 'org', org: COOP })).toBe(false)
    // @ts-expect-error not an action at all
    expect(can(admin, 'org.delete', { type: 'org', org: COOP })).toBe(false)
  })

  it('the matching pairs compile and reach their rules', () => {
    expect(can(admin, 'case.read', { type: 'case', org: COOP, case: caseFacts })).toBe(true)
    expect(can(admin, 'thread.create', { type: 'thread', org: COOP, thread: null })).toBe(true)
    expect(can(admin, 'task.read', { type: 'task', org: COOP, board, delegatedTo: null })).toBe(true)
    expect(can(admin, 'board.manage', { type: 'board', org: COOP, board })).toBe(true)
    expect(can(admin, 'finance.read', { type: 'finance', org: COOP })).toBe(true)
    expect(can(admin, 'orgs.list_all', { type: 'platform' })).toBe(true)
    expect(can(admin, 'members.manage', { type: 'org', org: COOP })).toBe(true)
  })

  it('a resource of a union type takes the actions of any of its members', () => {
    const some = (r: Resource, a: ActionOn<typeof r>) => can(admin, a, r)
    expect(some({ type: 'org', org: COOP }, 'org.read')).toBe(true)
    expect(some({ type: 'thread', org: COOP, thread: null }, 'thread.create')).toBe(true)
    // Handed a resource of one type and an action of another, the rules still say no.
    expect(some({ type: 'org', org: COOP }, 'thread.create')).toBe(false)
  })

  it('an unknown resource type gets no, not the organisation rules', () => {
    const forged = { type: 'constructor', org: COOP } as unknown as Resource
    expect(can(admin, 'org.read' as Action, forged)).toBe(false)
    const unknown = { type: 'planet', org: COOP } as unknown as Resource
    expect(can(admin, 'org.read' as Action, unknown)).toBe(false)
  })
})
