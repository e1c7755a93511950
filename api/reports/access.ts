import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { ownApartments, type ReportScope, reportScope, servedBuildings } from '../../schema/policy/reports.ts'
import { type OrgRef, rolesIn } from '../../schema/policy.ts'
import type { ReportId } from '../../schema/reports/common.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { AppEnv } from '../http/context.ts'

export interface ReportAccess {
  org: OrgRef
  name: string
  scope: ReportScope
  /** An owner's apartments (scope 'own'); empty for 'all'. */
  own: string[]
  /** Report 10: the buildings a building-scoped maintenance member serves; null for all. */
  buildings: string[] | null
}

/**
 * The one check of every report route: the organisation comes from its row, the scope from the
 * policy (schema/policy/reports.ts). No role in the organisation: 404 (its existence does not
 * leak). A member whose role does not read this report: 403.
 */
export async function authorizeReport(
  c: Context<AppEnv>,
  orgId: string,
  report: ReportId,
): Promise<ReportAccess> {
  const { db } = c.get('deps')
  const principal = c.get('principal')
  const org = await loadOrgRef(db, orgId)
  const scope = org ? reportScope(principal, report, org) : null
  if (org && scope) {
    const row = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow()
    return {
      org,
      name: row.name,
      scope,
      own: scope === 'own' ? ownApartments(principal, org) : [],
      buildings: report === 'service' ? servedBuildings(principal, org) : null,
    }
  }
  if (org && rolesIn(principal, org).size > 0) {
    throw new AppError('forbidden', 'Your role in this organisation does not show this report.')
  }
  throw notFound('The organisation')
}
