import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { CooperativeCreateBody, OrganisationCreateBody } from '../../schema/api/onboarding.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { onboardingChecklist } from './checklist.ts'

/**
 * /api/onboarding: new organisations (issue 18). A platform admin creates management companies
 * and investor portfolios; a management company's org admins and property managers create the
 * cooperatives it manages and follow each one's onboarding checklist.
 */
export const onboardingRoutes = new Hono<AppEnv>()
onboardingRoutes.use(requireAuth)

const takenBusinessId = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw new AppError('business_id_taken', 'An organisation with this business ID already exists.')
  throw error
}

onboardingRoutes.post(
  '/organisations',
  describeRoute({
    summary: 'Create a management company or an investor portfolio (platform admins)',
    tags: ['onboarding'],
  }),
  valid('json', OrganisationCreateBody),
  async (c) => {
    if (!can(c.get('principal'), 'orgs.create', { type: 'onboarding', org: null }))
      throw new AppError('forbidden', 'Only platform admins create management companies and portfolios.')
    const body = c.req.valid('json')
    const organisation = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('organisations')
          .values({
            kind: body.kind,
            name: body.name,
            business_id: body.businessId ?? null,
            address: body.address ?? null,
            managed_by: null,
          })
          .returning(['id', 'kind', 'name', 'business_id as businessId', 'address'])
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: row.id,
          actorId: c.get('session').userId,
          action: 'org.created',
          targetType: 'organisation',
          targetId: row.id,
          details: { kind: body.kind, name: body.name },
        })
        return row
      })
      .catch(takenBusinessId)
    return c.json({ organisation }, 201)
  },
)

onboardingRoutes.post(
  '/:id/cooperatives',
  describeRoute({ summary: 'Create a cooperative managed by this management company', tags: ['onboarding'] }),
  valid('param', IdParam),
  valid('json', CooperativeCreateBody),
  async (c) => {
    const company = await authorizeOrg(c, c.req.valid('param').id, 'org.read')
    if (!can(c.get('principal'), 'cooperatives.create', { type: 'onboarding', org: company }))
      throw new AppError(
        'forbidden',
        'Only the org admins and property managers of a management company create its cooperatives.',
      )
    const body = c.req.valid('json')
    const cooperative = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('organisations')
          .values({
            kind: 'housing_cooperative',
            name: body.name,
            business_id: body.businessId,
            address: body.address,
            fiscal_year_start_month: body.fiscalYearStartMonth,
            managed_by: company.id,
          })
          .returning(['id', 'name', 'business_id as businessId', 'address', 'fiscal_year_start_month'])
          .executeTakeFirstOrThrow()
        for (const orgId of [row.id, company.id])
          await audit(trx, {
            orgId,
            actorId: c.get('session').userId,
            action: 'cooperative.created',
            targetType: 'organisation',
            targetId: row.id,
            details: { name: body.name, businessId: body.businessId, managedBy: company.id },
          })
        return row
      })
      .catch(takenBusinessId)
    // The creator's company now runs a new organisation: their open sockets learn it.
    c.get('deps').onAccessChanged({ kind: 'org', orgId: cooperative.id })
    return c.json(
      {
        cooperative: {
          id: cooperative.id,
          name: cooperative.name,
          businessId: cooperative.businessId,
          address: cooperative.address,
          fiscalYearStartMonth: cooperative.fiscal_year_start_month,
          managedBy: company.id,
        },
      },
      201,
    )
  },
)

onboardingRoutes.get(
  '/:id/cooperatives',
  describeRoute({
    summary: 'The cooperatives a management company runs, with checklist progress',
    tags: ['onboarding'],
  }),
  valid('param', IdParam),
  async (c) => {
    const company = await authorizeOrg(c, c.req.valid('param').id, 'org.read')
    if (!can(c.get('principal'), 'cooperatives.create', { type: 'onboarding', org: company }))
      throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
    const { db } = c.get('deps')
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'business_id as businessId', 'status', 'created_at as createdAt'])
      .where('managed_by', '=', company.id)
      .where('kind', '=', 'housing_cooperative')
      .orderBy('name')
      .limit(1000)
      .execute()
    return c.json({ cooperatives: rows })
  },
)

onboardingRoutes.get(
  '/cooperatives/:id/checklist',
  describeRoute({
    summary: "A cooperative's onboarding checklist, computed from what exists",
    tags: ['onboarding'],
  }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.structure.manage')
    const { db } = c.get('deps')
    const ref = await loadOrgRef(db, org.id)
    if (ref?.kind !== 'housing_cooperative') throw notFound('The cooperative')
    return c.json({ checklist: await onboardingChecklist(db, org.id) })
  },
)
