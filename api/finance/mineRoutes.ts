import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  ApartmentParams,
  BalanceQuery,
  FinanceOrgParam,
  type MyFinancesResponse,
} from '../../schema/api/finance.ts'
import { AppError } from '../../schema/errors.ts'
import { helsinkiToday } from '../../schema/finance/status.ts'
import { APARTMENT_HOLDERS, INVESTOR_ROLES } from '../../schema/policy/finance.ts'
import { can, type OrgRef, type Principal, rolesIn } from '../../schema/policy.ts'
import { portfoliosHolding } from '../../server/access/portfolios.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeApartment } from './access.ts'
import { apartmentFinance } from './apartmentFinance.ts'

/**
 * "My finances": in a cooperative, the apartments the caller's owner (or owner's representative)
 * memberships name; in an investor portfolio, the apartments the portfolio holds. Each one is
 * still asked of the policy with the rows it is about.
 */
export const mineRoutes = new Hono<AppEnv>()

async function candidates(db: DB, p: Principal, org: OrgRef) {
  const roles = rolesIn(p, org)
  if (org.kind === 'housing_cooperative' && APARTMENT_HOLDERS.some((r) => roles.has(r))) {
    const ids = p.memberships
      .filter((m) => m.orgId === org.id && APARTMENT_HOLDERS.includes(m.role) && m.apartmentId)
      .map((m) => m.apartmentId as string)
    return [...new Set(ids)].map((apartmentId) => ({ cooperativeId: org.id, apartmentId }))
  }
  if (org.kind === 'investor_portfolio' && INVESTOR_ROLES.some((r) => roles.has(r))) {
    return db
      .selectFrom('portfolio_apartments')
      .select(['cooperative_id as cooperativeId', 'apartment_id as apartmentId'])
      .where('org_id', '=', org.id)
      .execute()
  }
  return null
}

mineRoutes.get(
  '/:orgId/mine',
  describeRoute({
    summary:
      "My finances: the caller's apartments (owner) or the portfolio's (investor), with invoices and balance",
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  valid('query', BalanceQuery),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').orgId, 'org.read')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const held = await candidates(db, principal, org)
    if (!held) throw new AppError('forbidden', 'Only owners and investors have finances of their own here.')
    const today = helsinkiToday()
    const asOf = c.req.valid('query').asOf ?? today
    const body: MyFinancesResponse = { apartments: [] }
    const cooperatives = new Map<string, OrgRef | null>()
    for (const { cooperativeId, apartmentId } of held) {
      if (!cooperatives.has(cooperativeId))
        cooperatives.set(cooperativeId, await loadOrgRef(db, cooperativeId))
      const coop = cooperatives.get(cooperativeId)
      if (!coop) continue
      const heldBy = await portfoliosHolding(db, coop.id, apartmentId)
      const resource = { type: 'finance', org: coop, apartment: { id: apartmentId, heldBy } } as const
      if (!can(principal, 'finance.apartment.read', resource)) continue
      body.apartments.push(await apartmentFinance(db, coop.id, apartmentId, { asOf, today }))
    }
    body.apartments.sort((a, b) => a.apartment.number.localeCompare(b.apartment.number, 'fi'))
    return c.json(body)
  },
)

mineRoutes.get(
  '/:orgId/apartments/:apartmentId',
  describeRoute({
    summary: "One apartment's invoices, payments, balance (as of a date) and loan share",
    tags: ['finance'],
  }),
  valid('param', ApartmentParams),
  valid('query', BalanceQuery),
  async (c) => {
    const { orgId, apartmentId } = c.req.valid('param')
    const org = await authorizeApartment(c, orgId, apartmentId)
    const today = helsinkiToday()
    const asOf = c.req.valid('query').asOf ?? today
    return c.json(await apartmentFinance(c.get('deps').db, org.id, apartmentId, { asOf, today }))
  },
)
