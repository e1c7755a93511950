import type { MeOrganisation, MeResponse } from '../../schema/api/users.ts'
import { abilitiesIn, can, type Principal, requiresMfa, rolesIn } from '../../schema/policy.ts'
import { defaultNotificationPrefs, ROLE_GROUP } from '../../schema/roles.ts'
import type { Session } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * The organisations a user acts in: direct memberships and the cooperatives run by a management
 * company they work for, each with the roles and abilities the policy grants there.
 */
export async function buildMe(
  db: DB,
  session: Session,
  principal: Principal,
  demo: boolean,
  maxUploadBytes: number,
): Promise<MeResponse> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'phone', 'language', 'platform_admin', 'notification_prefs', 'totp_key'])
    .where('id', '=', session.userId)
    .executeTakeFirstOrThrow()
  const directIds = [...new Set(principal.memberships.map((m) => m.orgId))]
  const mgmtIds = principal.memberships.filter((m) => m.orgKind === 'management_company').map((m) => m.orgId)
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'status', 'managed_by'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', directIds.length ? directIds : ['00000000-0000-0000-0000-000000000000']),
        eb('managed_by', 'in', mgmtIds.length ? mgmtIds : ['00000000-0000-0000-0000-000000000000']),
      ]),
    )
    .orderBy('name')
    .execute()
  const organisations: MeOrganisation[] = []
  for (const o of orgs) {
    const ref = { id: o.id, kind: o.kind, status: o.status, managedBy: o.managed_by }
    const roles = [...rolesIn(principal, ref)]
    if (roles.length === 0) continue
    organisations.push({
      id: o.id,
      name: o.name,
      kind: o.kind,
      status: o.status,
      roles,
      groups: [...new Set(roles.map((r) => ROLE_GROUP[r]))],
      viaManagement: !directIds.includes(o.id),
      abilities: abilitiesIn(principal, ref),
    })
  }
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      phone: user.phone,
      language: user.language,
      platformAdmin: user.platform_admin,
      notificationPrefs: { ...defaultNotificationPrefs(), ...user.notification_prefs },
    },
    mfa: {
      required: requiresMfa(principal),
      enrolled: user.totp_key !== null,
      verified: session.mfaVerified,
    },
    organisations,
    platform: {
      reviewRegistrations: can(principal, 'registrations.review', { type: 'platform' }),
      listAllOrganisations: can(principal, 'orgs.list_all', { type: 'platform' }),
    },
    demo,
    limits: { maxUploadBytes },
  }
}
