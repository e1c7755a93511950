import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, type OrgAction, type OrgRef } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { AppEnv } from './context.ts'

/**
 * The organisation's row as the policy sees it: from the session cache when it holds it (an
 * `org` access change, announced on every suspension and handover, empties it on every instance),
 * else from the database. Null when it does not exist (never cached).
 */
export async function orgRefOf(c: Context<AppEnv>, orgId: string): Promise<OrgRef | null> {
  const { db, sessionCache } = c.get('deps')
  const cached = sessionCache?.orgRef(orgId)
  if (cached) return cached
  const epoch = sessionCache?.epoch() ?? 0
  const org = await loadOrgRef(db, orgId)
  if (org) sessionCache?.setOrgRef(org, epoch)
  return org
}

/**
 * Loads the organisation from the database and applies the policy. Someone who may not even
 * read the organisation gets 404 (its existence does not leak); a member without the right
 * role gets 403.
 */
export async function authorizeOrg(c: Context<AppEnv>, orgId: string, action: OrgAction): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await orgRefOf(c, orgId)
  if (!org || !can(principal, 'org.read', { type: 'org', org })) {
    // Platform admins may act on suspended organisations, which grant members nothing.
    if (!(org && can(principal, action, { type: 'org', org }))) throw notFound('The organisation')
  }
  if (!can(principal, action, { type: 'org', org })) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  return org
}
