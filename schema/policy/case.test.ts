import { describe, expect, it } from 'vitest'
import {
  type CaseAction,
  type CaseFacts,
  can,
  type MembershipGrant,
  type OrgRef,
  type Principal,
  readsEveryCase,
} from '../policy.ts'
import { ROLES, type Role } from '../roles.ts'

const coop: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const grant = (
  role: Role,
  opts: { orgId?: string; orgKind?: OrgRef['kind']; buildingId?: string | null } = {},
): MembershipGrant => ({
  orgId: opts.orgId ?? 'coop',
  orgKind: opts.orgKind ?? 'housing_cooperative',
  role,
  buildingId: opts.buildingId ?? null,
  apartmentId: null,
})
const who = (userId: string, memberships: MembershipGrant[], mfaVerified = true): Principal => ({
  userId,
  platformAdmin: false,
  mfaVerified,
  memberships,
})

const pipes: OrgRef = { id: 'pipes', kind: 'partner_company', status: 'active', managedBy: null }
const base: CaseFacts = {
  id: 'case',
  reporterId: 'reporter',
  assigneeId: 'contractor',
  participants: ['neighbour-participant', 'contractor', 'helper'],
  addedThrough: { contractor: pipes, helper: pipes },
  buildingId: 'A',
  sharedWithBuilding: false,
}

const ACTIONS: CaseAction[] = [
  'case.read',
  'case.edit',
  'case.comment',
  'case.manage',
  'case.internal.read',
  'case.internal.write',
  'case.moderate',
]
// read, edit, comment, manage, internal read, internal write, moderate
type Row = [string, Principal, CaseFacts, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]]
const N = false
const Y = true

const table: Row[] = [
  [
    'reporter (resident)',
    who('reporter', [grant('resident', { buildingId: 'A' })]),
    base,
    [Y, Y, Y, N, N, N, N],
  ],
  ['reporter who moved out', who('reporter', []), base, [N, N, N, N, N, N, N]],
  [
    'other resident, same building',
    who('x', [grant('resident', { buildingId: 'A' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'other resident, same building, case shared',
    who('x', [grant('resident', { buildingId: 'A' })]),
    { ...base, sharedWithBuilding: true },
    [Y, N, Y, N, N, N, N],
  ],
  [
    'other resident, other building, case shared',
    who('x', [grant('resident', { buildingId: 'B' })]),
    { ...base, sharedWithBuilding: true },
    [N, N, N, N, N, N, N],
  ],
  [
    'resident of another cooperative',
    who('x', [grant('resident', { orgId: 'other' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'resident added as participant (no internal notes)',
    who('neighbour-participant', [grant('resident', { buildingId: 'B' })]),
    base,
    [Y, Y, Y, N, N, N, N],
  ],
  [
    'board member (home in B) sees A',
    who('b', [grant('board_member', { buildingId: 'B' })]),
    base,
    [Y, Y, Y, Y, Y, Y, N],
  ],
  [
    'property manager via the management company',
    who('pm', [grant('property_manager', { orgId: 'mgmt', orgKind: 'management_company' })]),
    base,
    [Y, Y, Y, Y, Y, Y, Y],
  ],
  [
    'property manager without TOTP',
    who('pm', [grant('property_manager', { orgId: 'mgmt', orgKind: 'management_company' })], false),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'property manager of another company',
    who('pm', [grant('property_manager', { orgId: 'mgmt2', orgKind: 'management_company' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'maintenance scoped to A',
    who('m', [grant('maintenance_staff', { buildingId: 'A' })]),
    base,
    [Y, Y, Y, Y, Y, Y, N],
  ],
  [
    'maintenance scoped to B',
    who('m', [grant('maintenance_staff', { buildingId: 'B' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
  ['auditor (read-only)', who('aud', [grant('auditor')]), base, [Y, N, N, N, N, N, N]],
  [
    'assigned contractor (no role in the cooperative)',
    who('contractor', [grant('contractor', { orgId: 'pipes', orgKind: 'partner_company' })]),
    base,
    [Y, Y, Y, N, Y, Y, N],
  ],
  [
    'assigned contractor removed from the company they were added through',
    who('contractor', []),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'assigned contractor now only in another partner company',
    who('contractor', [grant('contractor', { orgId: 'pipes2', orgKind: 'partner_company' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
  [
    'assigned contractor whose company is suspended',
    who('contractor', [grant('contractor', { orgId: 'pipes', orgKind: 'partner_company' })]),
    { ...base, addedThrough: { contractor: { ...pipes, status: 'suspended' } } },
    [N, N, N, N, N, N, N],
  ],
  [
    'assignee removed from the cooperative (maintenance, no longer a member)',
    who('m', []),
    { ...base, assigneeId: 'm' },
    [N, N, N, N, N, N, N],
  ],
  [
    'assignee whose role was lowered to resident (not a participant)',
    who('m', [grant('resident', { buildingId: 'B' })]),
    { ...base, assigneeId: 'm' },
    [N, N, N, N, N, N, N],
  ],
  ['participant resident who moved out', who('neighbour-participant', []), base, [N, N, N, N, N, N, N]],
  [
    'contractor participant (not assigned)',
    who('helper', [grant('contractor', { orgId: 'pipes', orgKind: 'partner_company' })]),
    base,
    [Y, Y, Y, N, N, N, N],
  ],
  [
    'contractor not assigned',
    who('other-contractor', [grant('contractor', { orgId: 'pipes', orgKind: 'partner_company' })]),
    base,
    [N, N, N, N, N, N, N],
  ],
]

describe('case policy', () => {
  for (const [name, p, facts, expected] of table) {
    it(name, () => {
      const resource = { type: 'case', org: coop, case: facts } as const
      expect(ACTIONS.map((a) => can(p, a, resource))).toEqual(expected)
    })
  }

  it('grants nothing in a suspended cooperative, not even to the reporter', () => {
    const org = { ...coop, status: 'suspended' } as const
    const reporter = who('reporter', [grant('resident')])
    expect(can(reporter, 'case.read', { type: 'case', org, case: base })).toBe(false)
  })

  it.each<[Role, boolean]>([
    ['resident', true],
    ['owner', true],
    ['board_member', true],
    ['maintenance_staff', true],
    ['auditor', false],
  ])('case.create for %s: %s', (role, allowed) => {
    expect(can(who('u', [grant(role)]), 'case.create', { type: 'case', org: coop, case: null })).toBe(allowed)
  })

  it('a contractor cannot create cases in a cooperative', () => {
    const p = who('c', [grant('contractor', { orgId: 'pipes', orgKind: 'partner_company' })])
    expect(can(p, 'case.create', { type: 'case', org: coop, case: null })).toBe(false)
  })

  it('case.create is not an answer about an existing case', () => {
    expect(can(who('u', [grant('resident')]), 'case.create', { type: 'case', org: coop, case: base })).toBe(
      false,
    )
  })
})

// readsEveryCase lets a list skip the per-case question for a whole organisation (search's named
// cases, the work queue's rows): it must say yes exactly when no case of the cooperative, whoever
// reported it and wherever it is, is hidden from the principal.
describe('readsEveryCase agrees with case.read on every case', () => {
  const strangers: CaseFacts[] = [null, 'A', 'B'].flatMap((buildingId) =>
    [false, true].map((sharedWithBuilding) => ({
      id: 'stranger',
      reporterId: 'someone-else',
      assigneeId: null,
      participants: [],
      addedThrough: {},
      buildingId,
      sharedWithBuilding,
    })),
  )
  const principals: [string, Principal][] = [
    ['nobody', who('u', [])],
    ['platform admin', { ...who('u', []), platformAdmin: true }],
    ['platform admin without MFA', { ...who('u', [], false), platformAdmin: true }],
  ]
  for (const role of ROLES) {
    for (const buildingId of [null, 'A']) {
      principals.push([
        `${role}${buildingId ? ' of building A' : ''}`,
        who('u', [grant(role, { buildingId })]),
      ])
      for (const mfa of [true, false]) {
        const staff = grant(role, { orgId: 'mgmt', orgKind: 'management_company', buildingId })
        principals.push([
          `${role} of the managing company${mfa ? '' : ' without MFA'}`,
          who('u', [staff], mfa),
        ])
      }
    }
    principals.push([
      `${role} and maintenance staff of building A`,
      who('u', [grant(role), grant('maintenance_staff', { buildingId: 'A' })]),
    ])
  }
  for (const org of [coop, { ...coop, status: 'suspended' } as const]) {
    for (const [name, p] of principals) {
      it(`${name}, ${org.status} cooperative`, () => {
        const readsAll = strangers.every((facts) => can(p, 'case.read', { type: 'case', org, case: facts }))
        expect(readsEveryCase(p, org)).toBe(readsAll)
      })
    }
  }
})
