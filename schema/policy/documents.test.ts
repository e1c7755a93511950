import { describe, expect, it } from 'vitest'
import {
  type Audience,
  audienceAdmits,
  can,
  type FolderAction,
  type FolderFacts,
  folderAudience,
  type OrgRef,
  type Principal,
  reachIn,
  rolesAllowedTo,
  threadAudience,
} from '../policy.ts'
import { type OrgKind, ROLES, type Role } from '../roles.ts'

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const OTHER: OrgRef = { id: 'other', kind: 'housing_cooperative', status: 'active', managedBy: 'x' }

function principal(
  orgId: string,
  orgKind: OrgKind,
  role: Role,
  buildingId: string | null = null,
  extra: Partial<Principal> = {},
): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified: true,
    memberships: [{ orgId, orgKind, role, buildingId, apartmentId: null }],
    ...extra,
  }
}

const audience = (a: Partial<Audience>): Audience => ({
  roles: 'members',
  buildingId: null,
  participants: [],
  internal: false,
  ...a,
})

describe('policy: audiences', () => {
  const cases: {
    name: string
    role: Role
    building: string | null
    a: Audience
    userId?: string
    sees: boolean
  }[] = [
    { name: 'members → resident', role: 'resident', building: null, a: audience({}), sees: true },
    {
      name: 'board only → resident',
      role: 'resident',
      building: null,
      a: audience({ roles: ['board_member'] }),
      sees: false,
    },
    {
      name: 'board only → board',
      role: 'board_member',
      building: null,
      a: audience({ roles: ['board_member'] }),
      sees: true,
    },
    {
      name: 'building B → resident of A',
      role: 'resident',
      building: 'A',
      a: audience({ buildingId: 'B' }),
      sees: false,
    },
    {
      name: 'building A → resident of A',
      role: 'resident',
      building: 'A',
      a: audience({ buildingId: 'A' }),
      sees: true,
    },
    {
      name: 'building B → unscoped owner',
      role: 'owner',
      building: null,
      a: audience({ buildingId: 'B' }),
      sees: true,
    },
    {
      name: 'participant resident on a board-only case',
      role: 'resident',
      building: null,
      a: audience({ roles: ['board_member'], participants: ['u'] }),
      sees: true,
    },
    {
      name: 'internal note → participant resident',
      role: 'resident',
      building: null,
      a: audience({ participants: ['u'], internal: true }),
      sees: false,
    },
    {
      name: 'internal note → board member',
      role: 'board_member',
      building: null,
      a: audience({ internal: true }),
      sees: false,
    },
    {
      name: 'internal note → property manager',
      role: 'property_manager',
      building: null,
      a: audience({ internal: true }),
      sees: true,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const reach = reachIn(principal('coop', 'housing_cooperative', c.role, c.building), COOP)
      expect(reach).not.toBeNull()
      if (reach) expect(audienceAdmits(reach, 'u', c.a)).toBe(c.sees)
    })
  }
  it('a board member whose membership names a building reaches the whole cooperative; a resident does not', () => {
    expect(reachIn(principal('coop', 'housing_cooperative', 'board_member', 'A'), COOP)?.buildings).toBeNull()
    expect(reachIn(principal('coop', 'housing_cooperative', 'resident', 'A'), COOP)?.buildings).toEqual(['A'])
  })
  it('no reach in another organisation', () => {
    expect(reachIn(principal('coop', 'housing_cooperative', 'org_admin'), OTHER)).toBeNull()
  })
  it('management company staff reach the managed cooperative unscoped', () => {
    const reach = reachIn(principal('mgmt', 'management_company', 'property_manager'), COOP)
    expect(reach).toEqual({ orgId: 'coop', roles: ['property_manager'], buildings: null })
  })
  it('people are visible to the roles that may read members', () => {
    expect(rolesAllowedTo('members.read', COOP).sort()).toEqual([
      'board_member',
      'org_admin',
      'property_manager',
    ])
  })
  it('board threads are for the board audience', () => {
    expect(threadAudience({ audience: 'members' }).roles).toBe('members')
    expect(threadAudience({ audience: 'board' }).roles).toContain('board_member')
  })
})

describe('policy: folder audience along the chain', () => {
  it('no restriction anywhere: all members', () => {
    expect(folderAudience([{ roles: [], groups: [], buildingId: null }]).roles).toBe('members')
  })
  it('a group expands to its roles, managers always included, and children narrow', () => {
    const a = folderAudience([
      { roles: [], groups: ['residents', 'board'], buildingId: null },
      { roles: ['owner', 'auditor'], groups: [], buildingId: 'B' },
    ])
    expect(a.roles).not.toBe('members')
    expect([...(a.roles as Role[])].sort()).toEqual([
      'board_member',
      'org_admin',
      'owner',
      'property_manager',
    ])
    expect(a.buildingId).toBe('B')
  })
})

describe('policy: every role × folder actions', () => {
  const open: FolderFacts = { audience: audience({}), deleted: false }
  const boardOnly: FolderFacts = {
    audience: folderAudience([{ roles: [], groups: ['board'], buildingId: null }]),
    deleted: false,
  }
  const deleted: FolderFacts = { audience: audience({}), deleted: true }
  const expected: Record<Role, { open: FolderAction[]; board: FolderAction[]; deleted: FolderAction[] }> =
    Object.fromEntries(
      ROLES.map((role) => {
        const manager = ['property_manager', 'org_admin', 'board_member'].includes(role)
        const restorer = ['property_manager', 'org_admin'].includes(role)
        const boardGroup = ['board_member', 'property_manager', 'accountant'].includes(role)
        const row = {
          open: [
            'documents.read',
            ...(manager ? ['documents.manage'] : []),
            ...(restorer ? ['documents.restore'] : []),
            'search.use',
          ],
          board: [
            ...(manager || boardGroup ? ['documents.read'] : []),
            ...(manager ? ['documents.manage'] : []),
            ...(restorer ? ['documents.restore'] : []),
            'search.use',
          ],
          deleted: [...(restorer ? ['documents.read', 'documents.restore'] : []), 'search.use'],
        }
        return [role, row]
      }),
    ) as Record<Role, { open: FolderAction[]; board: FolderAction[]; deleted: FolderAction[] }>
  const actions: FolderAction[] = ['documents.read', 'documents.manage', 'documents.restore', 'search.use']
  const allowed = (p: Principal, folder: FolderFacts) =>
    actions.filter((a) => can(p, a, { type: 'folder', org: COOP, folder }))
  for (const role of ROLES) {
    it(role, () => {
      const p = principal('coop', 'housing_cooperative', role)
      expect(allowed(p, open)).toEqual(expected[role].open)
      expect(allowed(p, boardOnly)).toEqual(expected[role].board)
      expect(allowed(p, deleted)).toEqual(expected[role].deleted)
      for (const a of actions) expect(can(p, a, { type: 'folder', org: OTHER, folder: open })).toBe(false)
    })
  }
})
