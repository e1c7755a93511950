import { type Action, can, type OrgRef, type Principal, type Resource } from '../../schema/policy.ts'
import { ROLES, type Role } from '../../schema/roles.ts'

/**
 * The role × capability table of docs/ROLES.md, computed by asking the one `can()` (issue 18):
 * the document cannot drift from the policy, because scripts/roleTable.test.ts fails when the
 * checked-in table differs from this output (`npm run docs:roles` rewrites it).
 *
 * Each role is held where people hold it in practice: residents, the board and the auditor in
 * the cooperative; the property manager, accountant, maintenance staff and org admin in the
 * management company that runs it (they act in each cooperative it manages); contractors in a
 * partner company a card is delegated to; investors in a portfolio that holds an apartment.
 */
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const MGMT2: OrgRef = { id: 'mgmt2', kind: 'management_company', status: 'active', managedBy: null }
const PARTNER: OrgRef = { id: 'partner', kind: 'partner_company', status: 'active', managedBy: null }
const PORTFOLIO: OrgRef = { id: 'pf', kind: 'investor_portfolio', status: 'active', managedBy: null }
const USER = 'someone'

const HOME: Readonly<Record<Role, OrgRef>> = {
  owner: COOP,
  owner_representative: COOP,
  resident: COOP,
  board_member: COOP,
  property_manager: MGMT,
  accountant: MGMT,
  contractor: PARTNER,
  contractor_representative: PARTNER,
  investor: PORTFOLIO,
  portfolio_manager: PORTFOLIO,
  investor_representative: PORTFOLIO,
  auditor: COOP,
  maintenance_staff: MGMT,
  org_admin: MGMT,
}

function principalFor(role: Role): Principal {
  const org = HOME[role]
  const apartmentId = ['owner', 'owner_representative', 'resident'].includes(role) ? 'apt' : null
  return {
    userId: USER,
    platformAdmin: false,
    mfaVerified: true,
    memberships: [{ orgId: org.id, orgKind: org.kind, role, buildingId: null, apartmentId }],
  }
}
const PLATFORM_ADMIN: Principal = { userId: USER, platformAdmin: true, mfaVerified: true, memberships: [] }

const thread = (audience: 'members' | 'board') =>
  ({ type: 'thread', org: COOP, thread: { id: 't', audience, archived: false } }) as const
const othersCase = {
  type: 'case',
  org: COOP,
  case: {
    id: 'c',
    reporterId: 'another',
    assigneeId: null,
    participants: [],
    addedThrough: {},
    buildingId: null,
    sharedWithBuilding: false,
  },
} as const
const board = (topic: 'general' | 'finance') =>
  ({ type: 'board', org: COOP, board: { id: 'b', visibility: 'board', archived: false, topic } }) as const
const members = { roles: 'members', buildingId: null, participants: [], internal: false } as const

interface Capability {
  group: string
  label: string
  action: Action
  resource: Resource
}
const cap = (group: string, label: string, action: Action, resource: Resource): Capability => ({
  group,
  label,
  action,
  resource,
})
const org = { type: 'org', org: COOP } as const

export const CAPABILITIES: readonly Capability[] = [
  cap('Organisation', 'See the cooperative and its structure', 'org.structure.read', org),
  cap('Organisation', 'Edit details, buildings, apartments; import apartments', 'org.structure.manage', org),
  cap('Organisation', 'See members', 'members.read', org),
  cap('Organisation', 'Invite (also in bulk), change roles, remove members', 'members.manage', org),
  cap('Organisation', "Read the organisation's audit log and activity", 'audit.read', org),
  cap('Organisation', 'Suspend the cooperative', 'org.suspend', org),
  cap('Onboarding', 'Create management companies and investor portfolios', 'orgs.create', {
    type: 'onboarding',
    org: null,
  }),
  cap('Onboarding', 'Create and onboard cooperatives of the company', 'cooperatives.create', {
    type: 'onboarding',
    org: MGMT,
  }),
  cap('Onboarding', 'Hand the cooperative over to another company', 'org.handover', {
    type: 'onboarding',
    org: COOP,
    from: MGMT,
    to: MGMT2,
  }),
  cap('Onboarding', 'Approve partner registrations', 'registrations.review', { type: 'platform' }),
  cap('Chat', 'Read and write in channels for all members', 'thread.write', thread('members')),
  cap('Chat', 'Read the board channel', 'thread.read', thread('board')),
  cap('Chat', 'Open channels', 'thread.create', { type: 'thread', org: COOP, thread: null }),
  cap('Chat', 'Moderate (hide messages, lock threads)', 'thread.moderate', thread('members')),
  cap('Chat', 'Read every version of a message', 'thread.history', thread('members')),
  cap('Cases', 'Report a case', 'case.create', { type: 'case', org: COOP, case: null }),
  cap('Cases', "Read someone else's case", 'case.read', othersCase),
  cap('Cases', 'Handle cases (status, assignee, internal notes)', 'case.manage', othersCase),
  cap('Cases', 'Moderate case conversations', 'case.moderate', othersCase),
  cap('Boards', 'Create boards', 'board.create', { type: 'board', org: COOP, board: null }),
  cap('Boards', 'Read every board', 'board.read', board('general')),
  cap('Boards', 'Work on cards of a board', 'board.write', board('general')),
  cap('Boards', 'Work on cards of a finance board', 'board.write', board('finance')),
  cap('Boards', 'Manage boards (rename, publish, archive, topic)', 'board.manage', board('general')),
  cap('Boards', 'Work on a card delegated to their company', 'task.progress', {
    type: 'task',
    org: COOP,
    board: board('general').board,
    delegatedTo: PARTNER,
  }),
  cap('Bookings', 'See availability', 'bookings.read', { type: 'bookings', org: COOP }),
  cap('Bookings', 'Book', 'bookings.create', { type: 'bookings', org: COOP }),
  cap('Bookings', 'Manage resources and rules', 'bookings.manage', { type: 'bookings', org: COOP }),
  cap('Documents', 'Read documents for all members', 'documents.read', {
    type: 'folder',
    org: COOP,
    folder: { audience: members, deleted: false },
  }),
  cap('Documents', 'Manage folders and documents', 'documents.manage', {
    type: 'folder',
    org: COOP,
    folder: null,
  }),
  cap('Documents', 'Restore deleted documents', 'documents.restore', {
    type: 'folder',
    org: COOP,
    folder: null,
  }),
  cap('Knowledge base', 'Read articles', 'kb.read', { type: 'article', org: COOP, via: null, article: null }),
  cap('Knowledge base', 'Write articles', 'kb.author', {
    type: 'article',
    org: COOP,
    via: null,
    article: null,
  }),
  cap('Finance', "The cooperative's finance", 'finance.read', { type: 'finance', org: COOP }),
  cap('Finance', 'Record payments and credits', 'finance.record', { type: 'finance', org: COOP }),
  cap('Finance', 'Decide on supplier invoices', 'finance.approve', { type: 'finance', org: COOP }),
  cap('Finance', "One apartment's invoices (own, or held by the portfolio)", 'finance.apartment.read', {
    type: 'finance',
    org: COOP,
    apartment: { id: 'apt', heldBy: [PORTFOLIO] },
  }),
  cap('Finance', 'Import API keys', 'apikeys.manage', { type: 'finance', org: COOP }),
  cap('Data protection', "Confirm a member's erasure", 'gdpr.erasure.confirm', { type: 'gdpr', org: COOP }),
]

const SHORT: Readonly<Record<Role, string>> = {
  owner: 'owner',
  owner_representative: 'owner rep.',
  resident: 'resident',
  board_member: 'board',
  property_manager: 'prop. manager*',
  accountant: 'accountant*',
  contractor: 'contractor',
  contractor_representative: 'contractor rep.',
  investor: 'investor',
  portfolio_manager: 'portfolio mgr',
  investor_representative: 'investor rep.',
  auditor: 'auditor',
  maintenance_staff: 'maintenance*',
  org_admin: 'org admin*',
}

export function renderRoleTable(): string {
  const header = ['capability', ...ROLES.map((r) => SHORT[r]), 'platform admin']
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  let group = ''
  for (const c of CAPABILITIES) {
    if (c.group !== group) {
      group = c.group
      lines.push(`| **${group}** |${ROLES.map(() => '').join(' |')} | |`)
    }
    const cells = [...ROLES.map((r) => principalFor(r)), PLATFORM_ADMIN].map((p) =>
      can(p, c.action, c.resource) ? '✓' : '',
    )
    lines.push(`| ${c.label} (\`${c.action}\`) | ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

export const TABLE_START = '<!-- role-table:start (generated by npm run docs:roles; do not edit) -->'
export const TABLE_END = '<!-- role-table:end -->'

/** The document with its table section replaced by the current output. */
export function withCurrentTable(doc: string): string {
  const start = doc.indexOf(TABLE_START)
  const end = doc.indexOf(TABLE_END)
  if (start < 0 || end < start) throw new Error('docs/ROLES.md has lost its role-table markers')
  return `${doc.slice(0, start + TABLE_START.length)}\n${renderRoleTable()}\n${doc.slice(end)}`
}
