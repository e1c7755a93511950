import type { OrgRef, Principal } from '../../schema/policy.ts'
import type { Session } from '../auth/sessions.ts'
import type { DB } from '../db/connect.ts'

/** Loads what the policy needs about a signed-in user: their memberships with each org's kind. */
export async function loadPrincipal(
  db: DB,
  session: Pick<Session, 'userId' | 'mfaVerified'>,
): Promise<Principal> {
  const [principal] = await loadPrincipals(db, [session.userId], session.mfaVerified)
  if (!principal) throw new Error('no such user')
  return principal
}

/**
 * Many principals in two queries (the server acting for many recipients at once); users that
 * do not exist are left out.
 */
export async function loadPrincipals(
  db: DB,
  userIds: readonly string[],
  mfaVerified: boolean,
): Promise<Principal[]> {
  if (userIds.length === 0) return []
  const [users, memberships] = await Promise.all([
    db.selectFrom('users').select(['id', 'platform_admin']).where('id', 'in', userIds).execute(),
    db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.org_id')
      .select(['m.user_id', 'm.org_id', 'o.kind', 'm.role', 'm.building_id', 'm.apartment_id'])
      .where('m.user_id', 'in', userIds)
      // A suspended organisation grants nothing to its members.
      .where('o.status', '=', 'active')
      .execute(),
  ])
  return users.map((user) => ({
    userId: user.id,
    platformAdmin: user.platform_admin,
    mfaVerified,
    memberships: memberships
      .filter((m) => m.user_id === user.id)
      .map((m) => ({
        orgId: m.org_id,
        orgKind: m.kind,
        role: m.role,
        buildingId: m.building_id,
        apartmentId: m.apartment_id,
      })),
  }))
}

/** The organisation row as the policy sees it; null when it does not exist. */
export async function loadOrgRef(db: DB, orgId: string): Promise<OrgRef | null> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  return row ? { id: row.id, kind: row.kind, status: row.status, managedBy: row.managed_by } : null
}

/**
 * Many organisation rows as the policy sees them, in one query: for lists whose rows span
 * organisations (one `loadOrgRef` per distinct organisation was an N+1). Missing ids are absent.
 */
export async function loadOrgRefs(db: DB, orgIds: Iterable<string>): Promise<Map<string, OrgRef>> {
  const ids = [...new Set(orgIds)]
  const out = new Map<string, OrgRef>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by'])
    .where('id', 'in', ids)
    .execute()
  for (const row of rows)
    out.set(row.id, { id: row.id, kind: row.kind, status: row.status, managedBy: row.managed_by })
  return out
}
