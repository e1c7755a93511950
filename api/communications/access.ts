import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { type CommunicationsAction, canOnCommunications } from '../../schema/policy/communications.ts'
import { type OrgRef, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * The communications check every handler goes through: the organisation comes from its row.
 * Whoever holds no role in it gets 404 (its existence does not leak, nor does a send's); a member
 * without a sender role 403.
 */
export async function authorizeCommunications(
  c: Context<AppEnv>,
  orgId: string,
  action: CommunicationsAction,
): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org && canOnCommunications(principal, action, { type: 'communications', org })) return org
  if (org && rolesIn(principal, org).size > 0) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow sending communications.')
  }
  throw notFound('The organisation')
}
