import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { HandoverBody, OrganisationPatchBody } from '../../schema/api/onboarding.ts'
import { AppError } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/** An organisation's details and the handover of a cooperative (mounted under /api/orgs). */
export const orgDetailRoutes = new Hono<AppEnv>()

orgDetailRoutes.patch(
  '/:id',
  describeRoute({
    summary: "Change an organisation's name, business ID, address or fiscal year",
    tags: ['orgs'],
  }),
  valid('param', IdParam),
  valid('json', OrganisationPatchBody),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.structure.manage')
    const body = c.req.valid('json')
    const organisation = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const before = await trx
          .selectFrom('organisations')
          .select(['name', 'business_id', 'address', 'fiscal_year_start_month'])
          .where('id', '=', org.id)
          .executeTakeFirstOrThrow()
        const row = await trx
          .updateTable('organisations')
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.businessId !== undefined ? { business_id: body.businessId } : {}),
            ...(body.address !== undefined ? { address: body.address } : {}),
            ...(body.fiscalYearStartMonth !== undefined
              ? { fiscal_year_start_month: body.fiscalYearStartMonth }
              : {}),
          })
          .where('id', '=', org.id)
          .returning(['id', 'name', 'business_id', 'address', 'fiscal_year_start_month'])
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'org.updated',
          targetType: 'organisation',
          targetId: org.id,
          details: { before, after: body },
        })
        return row
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new AppError('business_id_taken', 'An organisation with this business ID already exists.')
        throw error
      })
    // /api/me names the organisation: every instance forgets the answers that show it.
    if (body.name !== undefined) c.get('deps').onProfileChanged?.({ kind: 'org', orgId: org.id })
    return c.json({
      organisation: {
        id: organisation.id,
        name: organisation.name,
        businessId: organisation.business_id,
        address: organisation.address,
        fiscalYearStartMonth: organisation.fiscal_year_start_month,
      },
    })
  },
)

orgDetailRoutes.post(
  '/:id/handover',
  describeRoute({
    summary: 'Hand a cooperative over to another management company (staff access moves at once)',
    tags: ['orgs'],
  }),
  valid('param', IdParam),
  valid('json', HandoverBody),
  async (c) => {
    const principal = c.get('principal')
    const coop = await authorizeOrg(c, c.req.valid('param').id, 'org.read')
    const { to, reason } = c.req.valid('json')
    const { db, onAccessChanged } = c.get('deps')
    const [from, target] = await Promise.all([
      coop.managedBy ? loadOrgRef(db, coop.managedBy) : null,
      loadOrgRef(db, to),
    ])
    if (coop.kind !== 'housing_cooperative')
      throw new AppError('validation_failed', 'Only a housing cooperative is handed over.')
    // Ask with a target that always qualifies first, so a refused caller learns nothing of `to`.
    const asIf = { id: to, kind: 'management_company', status: 'active', managedBy: null } as const
    if (!can(principal, 'org.handover', { type: 'onboarding', org: coop, from, to: asIf }))
      throw new AppError('forbidden', 'Only an org admin of the managing company hands a cooperative over.')
    if (!target || !can(principal, 'org.handover', { type: 'onboarding', org: coop, from, to: target }))
      throw new AppError('validation_failed', 'to: not another active management company.')
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('organisations')
        .set({ managed_by: target.id })
        .where('id', '=', coop.id)
        .where((eb) => (from ? eb('managed_by', '=', from.id) : eb('managed_by', 'is', null)))
        .returning('id')
        .executeTakeFirst()
      if (!moved) throw new AppError('conflict', 'The cooperative was handed over meanwhile.')
      for (const orgId of [coop.id, ...(from ? [from.id] : []), target.id])
        await audit(trx, {
          orgId,
          actorId: c.get('session').userId,
          action: 'org.handed_over',
          targetType: 'organisation',
          targetId: coop.id,
          details: { from: from?.id ?? null, to: target.id, reason },
        })
    })
    // Every open document of the cooperative is re-authorised now: the old company's staff lose
    // it, the new company's gain it on their next open.
    onAccessChanged({ kind: 'org', orgId: coop.id })
    return c.json({ ok: true, managedBy: target.id })
  },
)
