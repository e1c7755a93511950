import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, type DashboardAction, type OrgRef, type PlaceFacts, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * The one check of the dashboard, information, apartment and history routes. The organisation
 * comes from its row. No role there (and no platform read): 404, so its existence does not
 * leak; a member without the role: 403, except for one apartment or building that is not theirs,
 * which is 404 too (a resident asking about a neighbour's apartment learns nothing about it).
 */
export async function authorizeDashboard(
  c: Context<AppEnv>,
  orgId: string,
  action: DashboardAction,
  place?: PlaceFacts,
): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org && can(principal, action, { type: 'dashboard', org, place })) return org
  if (org && rolesIn(principal, org).size > 0 && !place) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  throw notFound(place ? 'That place' : 'The organisation')
}
