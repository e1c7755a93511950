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
import { portfoliosHoldingMany } from '../../server/access/portfolios.ts'
import type { DB } from '../../server/db/connect.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeApartment } from './access.ts'
import { apartmentFinance, apartmentsFinance } from './apartmentFinance.ts'

/**
 * "My finances": in a cooperative, the apartments the caller's owner (or owner's representative)
 * memberships name; in an investor portfolio, the apartments the portfolio holds. Each one is
 * still asked of the policy with the rows it is about.
 */
export const mineRoutes = new Hono<AppEnv>()

/**
 * The apartments whose finances the caller may hold here, each with its cooperative's row (the
 * policy's view): an owner's from their memberships (the cooperative is `org`), a portfolio's
 * from its holdings with the cooperatives' rows in the same statement. Null: no such role here.
 */
async function candidates(
  db: DB,
  p: Principal,
  org: OrgRef,
): Promise<{ coop: OrgRef; apartmentId: string }[] | null> {
  const roles = rolesIn(p, org)
  if (org.kind === 'housing_cooperative' && APARTMENT_HOLDERS.some((r) => roles.has(r))) {
    const ids = p.memberships
      .filter((m) => m.orgId === org.id && APARTMENT_HOLDERS.includes(m.role) && m.apartmentId)
      .map((m) => m.apartmentId as string)
    return [...new Set(ids)].map((apartmentId) => ({ coop: org, apartmentId }))
  }
  if (org.kind === 'investor_portfolio' && INVESTOR_ROLES.some((r) => roles.has(r))) {
    const rows = await db
      .selectFrom('portfolio_apartments as pa')
      .innerJoin('organisations as o', 'o.id', 'pa.cooperative_id')
      .select(['pa.apartment_id', 'o.id', 'o.kind', 'o.status', 'o.managed_by'])
      .where('pa.org_id', '=', org.id)
      .execute()
    return rows.map((r) => ({
      coop: { id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by },
      apartmentId: r.apartment_id,
    }))
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
    // Every apartment is put to the policy with the portfolios holding it (one statement for
    // all), and the readable ones' finances come in four statements whatever their number.
    const holders = await portfoliosHoldingMany(
      db,
      held.map(({ coop, apartmentId }) => ({ cooperativeId: coop.id, apartmentId })),
    )
    const readable = held.filter(({ coop, apartmentId }) =>
      can(principal, 'finance.apartment.read', {
        type: 'finance',
        org: coop,
        apartment: { id: apartmentId, heldBy: holders.get(coop.id, apartmentId) },
      }),
    )
    const body: MyFinancesResponse = {
      apartments: await apartmentsFinance(
        db,
        readable.map(({ coop, apartmentId }) => ({ orgId: coop.id, apartmentId })),
        { asOf, today },
      ),
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
