/**
 * Roles, role groups and organisation kinds: the vocabulary of who someone is in an organisation.
 * The policy (policy.ts) decides what each may do; nothing else interprets role names.
 */
export const ORG_KINDS = [
  'housing_cooperative',
  'management_company',
  'investor_portfolio',
  'partner_company',
] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export const ROLES = [
  'owner',
  'owner_representative',
  'resident',
  'board_member',
  'property_manager',
  'accountant',
  'contractor',
  'contractor_representative',
  'investor',
  'portfolio_manager',
  'investor_representative',
  'auditor',
  'maintenance_staff',
  'org_admin',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_GROUPS = [
  'residents',
  'board',
  'contractors',
  'investors',
  'auditors',
  'maintenance',
  'staff',
] as const
export type RoleGroup = (typeof ROLE_GROUPS)[number]

export const ROLE_GROUP: Readonly<Record<Role, RoleGroup>> = {
  owner: 'residents',
  owner_representative: 'residents',
  resident: 'residents',
  board_member: 'board',
  property_manager: 'board',
  accountant: 'board',
  contractor: 'contractors',
  contractor_representative: 'contractors',
  investor: 'investors',
  portfolio_manager: 'investors',
  investor_representative: 'investors',
  auditor: 'auditors',
  maintenance_staff: 'maintenance',
  org_admin: 'staff',
}

/** Which roles a membership of each kind of organisation may carry. */
export const ROLES_BY_KIND: Readonly<Record<OrgKind, readonly Role[]>> = {
  housing_cooperative: [
    'owner',
    'owner_representative',
    'resident',
    'board_member',
    'property_manager',
    'accountant',
    'auditor',
    'maintenance_staff',
    'org_admin',
  ],
  management_company: ['property_manager', 'accountant', 'maintenance_staff', 'auditor', 'org_admin'],
  investor_portfolio: ['investor', 'portfolio_manager', 'investor_representative', 'auditor', 'org_admin'],
  partner_company: ['contractor', 'contractor_representative', 'maintenance_staff', 'org_admin'],
}

/** Roles that may be scoped to one building or one apartment of a cooperative. */
export const SCOPABLE_ROLES: readonly Role[] = [
  'owner',
  'owner_representative',
  'resident',
  'maintenance_staff',
]

export const LANGUAGES = ['fi', 'sv', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const NOTIFICATION_KINDS = [
  'message',
  'case_update',
  'task_assigned',
  'task_due',
  'booking',
  'announcement',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
export const NOTIFICATION_CHANNELS = ['portal', 'email', 'sms', 'letter'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]
export type NotificationPrefs = Record<NotificationKind, Record<NotificationChannel, boolean>>

export function defaultNotificationPrefs(): NotificationPrefs {
  const prefs = {} as NotificationPrefs
  for (const kind of NOTIFICATION_KINDS) {
    // The portal always shows everything; email is on for what needs action, the rest opt-in.
    prefs[kind] = { portal: true, email: kind !== 'message', sms: false, letter: false }
  }
  return prefs
}
