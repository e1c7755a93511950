import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  AddHoldingBody,
  AddPropertyBody,
  HoldingApartmentParam,
  HoldingOrgParam,
  type HoldingsResponse,
  RentBody,
} from '../../../schema/api/holdings.ts'
import { AppError, notFound } from '../../../schema/errors.ts'
import { canManageHoldings, reportScope } from '../../../schema/policy/reports.ts'
import { can, type OrgRef, rolesIn } from '../../../schema/policy.ts'
import { loadOrgRef } from '../../../server/access/principal.ts'
import { audit } from '../../admin/audit.ts'
import type { AppEnv } from '../../http/context.ts'
import { requireAuth } from '../../http/security.ts'
import { valid } from '../../http/validate.ts'

/**
 * A portfolio's holdings (`/api/portfolios/:orgId/...`). The portfolio's investors read them; its
 * org admin and portfolio manager manage the apartments held in the properties it holds and enter
 * rental income. A property itself is added only by someone who also administers the cooperative
 * (its org admin or property manager) or a platform admin: holding an apartment opens its finance
 * to the portfolio, so a portfolio cannot name itself holder of a cooperative. Audited.
 */
export const holdingRoutes = new Hono<AppEnv>()
holdingRoutes.use(requireAuth)

type Ctx = Context<AppEnv>

async function portfolio(c: Ctx, orgId: string, manage: boolean): Promise<OrgRef> {
  const p = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org?.kind !== 'investor_portfolio') throw notFound('The organisation')
  const reads = reportScope(p, 'portfolio', org) !== null || canManageHoldings(p, org)
  if (!reads) {
    if (rolesIn(p, org).size > 0) throw new AppError('forbidden', 'Your role does not show the holdings.')
    throw notFound('The organisation')
  }
  if (manage && !canManageHoldings(p, org))
    throw new AppError('forbidden', 'Only the portfolio’s admin or manager.')
  return org
}

holdingRoutes.get(
  '/:orgId/holdings',
  describeRoute({ summary: 'The properties and apartments the portfolio holds', tags: ['reports'] }),
  valid('param', HoldingOrgParam),
  async (c) => {
    const org = await portfolio(c, c.req.valid('param').orgId, false)
    const { db } = c.get('deps')
    const canManage = canManageHoldings(c.get('principal'), org)
    const props = await db
      .selectFrom('portfolio_holdings as h')
      .innerJoin('organisations as o', 'o.id', 'h.cooperative_id')
      .select(['o.id', 'o.name'])
      .where('h.org_id', '=', org.id)
      .orderBy('o.name')
      .execute()
    const ids = props.map((p) => p.id)
    const apartments = ids.length
      ? await db
          .selectFrom('apartments as a')
          .innerJoin('buildings as b', (j) =>
            j.onRef('b.org_id', '=', 'a.org_id').onRef('b.id', '=', 'a.building_id'),
          )
          .leftJoin('portfolio_apartments as pa', (j) =>
            j.onRef('pa.apartment_id', '=', 'a.id').on('pa.org_id', '=', org.id),
          )
          .select([
            'a.org_id',
            'a.id',
            'b.name as building',
            'a.number',
            'a.area_m2',
            'a.share_count',
            'pa.apartment_id as held',
            sql<string | null>`to_char(pa.acquired_on, 'YYYY-MM-DD')`.as('acquired'),
            'pa.price_cents',
          ])
          .where('a.org_id', 'in', ids)
          .orderBy('b.name')
          .orderBy('a.number')
          .execute()
      : []
    const body: HoldingsResponse = {
      canManage,
      properties: props.map((p) => {
        const mine = apartments.filter((a) => a.org_id === p.id)
        return {
          cooperativeId: p.id,
          name: p.name,
          apartments: mine
            .filter((a) => a.held)
            .map((a) => ({
              apartmentId: a.id,
              building: a.building,
              number: a.number,
              areaM2: Number(a.area_m2),
              shares: a.share_count,
              acquiredOn: a.acquired,
              priceCents: a.price_cents === null ? null : Number(a.price_cents),
            })),
          // Only the managers pick from the property's other apartments.
          available: canManage
            ? mine
                .filter((a) => !a.held)
                .map((a) => ({ apartmentId: a.id, label: `${a.building} ${a.number}` }))
            : [],
        }
      }),
    }
    return c.json(body)
  },
)

holdingRoutes.post(
  '/:orgId/properties',
  describeRoute({ summary: 'Add a property (cooperative) to the portfolio', tags: ['reports'] }),
  valid('param', HoldingOrgParam),
  valid('json', AddPropertyBody),
  async (c) => {
    const org = await portfolio(c, c.req.valid('param').orgId, true)
    const { cooperativeId } = c.req.valid('json')
    const { db } = c.get('deps')
    const coop = await loadOrgRef(db, cooperativeId)
    const p = c.get('principal')
    if (coop?.kind !== 'housing_cooperative' || !can(p, 'members.manage', { type: 'org', org: coop })) {
      throw notFound('The cooperative')
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('portfolio_holdings')
        .values({ org_id: org.id, cooperative_id: coop.id })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: p.userId,
        action: 'holdings.property_add',
        targetType: 'organisation',
        targetId: coop.id,
      })
    })
    return c.json({ ok: true }, 201)
  },
)

holdingRoutes.post(
  '/:orgId/holdings',
  describeRoute({
    summary: 'Hold an apartment of a held property (or update its price and date)',
    tags: ['reports'],
  }),
  valid('param', HoldingOrgParam),
  valid('json', AddHoldingBody),
  async (c) => {
    const org = await portfolio(c, c.req.valid('param').orgId, true)
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const ok = await db
      .selectFrom('portfolio_holdings as h')
      .innerJoin('apartments as a', 'a.org_id', 'h.cooperative_id')
      .select('a.id')
      .where('h.org_id', '=', org.id)
      .where('h.cooperative_id', '=', body.cooperativeId)
      .where('a.id', '=', body.apartmentId)
      .executeTakeFirst()
    if (!ok) throw notFound('The apartment')
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('portfolio_apartments')
        .values({
          org_id: org.id,
          cooperative_id: body.cooperativeId,
          apartment_id: body.apartmentId,
          acquired_on: body.acquiredOn,
          price_cents: body.priceCents,
        })
        .onConflict((oc) =>
          oc.columns(['org_id', 'apartment_id']).doUpdateSet({
            acquired_on: body.acquiredOn,
            price_cents: body.priceCents,
          }),
        )
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'holdings.apartment_add',
        targetType: 'apartment',
        targetId: body.apartmentId,
      })
    })
    return c.json({ ok: true }, 201)
  },
)

holdingRoutes.delete(
  '/:orgId/holdings/:apartmentId',
  describeRoute({
    summary: 'Stop holding an apartment (its rental income rows go with it)',
    tags: ['reports'],
  }),
  valid('param', HoldingApartmentParam),
  async (c) => {
    const { orgId, apartmentId } = c.req.valid('param')
    const org = await portfolio(c, orgId, true)
    const removed = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const r = await trx
          .deleteFrom('portfolio_apartments')
          .where('org_id', '=', org.id)
          .where('apartment_id', '=', apartmentId)
          .executeTakeFirst()
        if (Number(r.numDeletedRows) > 0) {
          await audit(trx, {
            orgId: org.id,
            actorId: c.get('principal').userId,
            action: 'holdings.apartment_remove',
            targetType: 'apartment',
            targetId: apartmentId,
          })
        }
        return Number(r.numDeletedRows)
      })
    if (removed === 0) throw notFound('The holding')
    return c.json({ ok: true })
  },
)

holdingRoutes.put(
  '/:orgId/rents',
  describeRoute({ summary: 'Enter the rental income of a held apartment for a month', tags: ['reports'] }),
  valid('param', HoldingOrgParam),
  valid('json', RentBody),
  async (c) => {
    const org = await portfolio(c, c.req.valid('param').orgId, true)
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const held = await db
      .selectFrom('portfolio_apartments')
      .select('apartment_id')
      .where('org_id', '=', org.id)
      .where('apartment_id', '=', body.apartmentId)
      .executeTakeFirst()
    if (!held) throw notFound('The holding')
    await db
      .insertInto('portfolio_rents')
      .values({
        org_id: org.id,
        apartment_id: body.apartmentId,
        external_id: `manual:${body.apartmentId}:${body.month}`,
        month: `${body.month}-01`,
        amount_cents: body.amountCents,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'external_id'])
          .doUpdateSet({ amount_cents: body.amountCents, updated_at: new Date() }),
      )
      .execute()
    return c.json({ ok: true })
  },
)
