import { ROLES, type Role } from '../roles.ts'
import {
  hasAny,
  isManagementStaff,
  isPlatformAdmin,
  type OrgRef,
  type Principal,
  rolesIn,
  staffGrants,
} from './principal.ts'

/** An organisation itself (its structure, members, audit log) and the platform as a whole. */

export type OrgAction =
  | 'org.read'
  | 'org.structure.read'
  | 'org.structure.manage'
  | 'members.read'
  | 'members.manage'
  | 'audit.read'
  | 'org.suspend'
export type PlatformAction = 'registrations.review' | 'orgs.list_all' | 'mail.dev_mailbox'

export const ORG_ACTIONS: readonly OrgAction[] = [
  'org.read',
  'org.structure.read',
  'org.structure.manage',
  'members.read',
  'members.manage',
  'audit.read',
  'org.suspend',
]

export type OrgResource = { type: 'org'; org: OrgRef }
export type PlatformResource = { type: 'platform' }

const ORG_RULES: Readonly<Record<OrgAction, (roles: Set<Role>, org: OrgRef, p: Principal) => boolean>> = {
  'org.read': (roles) => roles.size > 0,
  'org.structure.read': (roles) => roles.size > 0,
  'org.structure.manage': (roles) => hasAny(roles, ['org_admin', 'property_manager']),
  'members.read': (roles) => hasAny(roles, ['org_admin', 'property_manager', 'board_member']),
  'members.manage': (roles) => hasAny(roles, ['org_admin', 'property_manager']),
  'audit.read': (roles) => hasAny(roles, ['org_admin', 'property_manager', 'auditor']),
  // Suspension is the management company's (for what it runs) or the platform's.
  'org.suspend': (_roles, org, p) =>
    org.managedBy !== null && staffGrants(p).some((m) => m.orgId === org.managedBy && m.role === 'org_admin'),
}

export function canOnOrg(p: Principal, action: OrgAction, resource: OrgResource): boolean {
  if (!isOrgAction(action)) return false
  const { org } = resource
  // Platform admins see and administer every organisation, suspended ones included.
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, org)
  if (roles.size === 0 && action !== 'org.suspend') return false
  return ORG_RULES[action](roles, org, p)
}

/** Who approves partner registrations besides platform admins (issue 18: not maintenance or accounting). */
export const REGISTRATION_REVIEWERS: readonly Role[] = ['org_admin', 'property_manager']

export function canOnPlatform(p: Principal, action: PlatformAction, _resource: PlatformResource): boolean {
  if (action === 'registrations.review')
    return isPlatformAdmin(p) || isManagementStaff(p, REGISTRATION_REVIEWERS)
  if (action === 'orgs.list_all') return isPlatformAdmin(p)
  // The demo's dev mailbox holds reset links: besides loopback clients (api/mail/routes.ts),
  // only platform admins may read it.
  if (action === 'mail.dev_mailbox') return isPlatformAdmin(p)
  return false
}

function isOrgAction(action: string): action is OrgAction {
  return (ORG_ACTIONS as readonly string[]).includes(action)
}

/** What the client may show for an organisation: sent with GET /api/me. */
export function abilitiesIn(p: Principal, org: OrgRef): OrgAction[] {
  return ORG_ACTIONS.filter((a) => canOnOrg(p, a, { type: 'org', org }))
}

/** The roles that, held alone, pass an organisation action: the audience of derived records. */
export function rolesAllowedTo(action: OrgAction, org: OrgRef): Role[] {
  const nobody: Principal = { userId: '', platformAdmin: false, mfaVerified: true, memberships: [] }
  return ROLES.filter((r) => ORG_RULES[action](new Set([r]), org, nobody))
}
