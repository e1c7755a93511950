import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { GrantsBody, MaterialsOrgParam, ProductParams } from '../../schema/api/materials.ts'
import { AppError } from '../../schema/errors.ts'
import { PARTNER_KINDS } from '../../schema/policy.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { productOf, publisher } from './publisher.ts'
import { enqueueProduct } from './repository.ts'

/** Which partner organisations may read a product: the candidates and the grants (audited). */
export const grantRoutes = new Hono<AppEnv>()

grantRoutes.get(
  '/:orgId/partners',
  describeRoute({ summary: 'Partner organisations a product can be granted to', tags: ['materials'] }),
  valid('param', MaterialsOrgParam),
  async (c) => {
    await publisher(c, c.req.valid('param').orgId)
    const rows = await c
      .get('deps')
      .db.selectFrom('organisations')
      .select(['id', 'name', 'kind'])
      .where('kind', 'in', [...PARTNER_KINDS])
      .where('status', '=', 'active')
      .orderBy('name')
      .limit(500)
      .execute()
    return c.json({ partners: rows })
  },
)

grantRoutes.put(
  '/:orgId/products/:productId/grants',
  describeRoute({
    summary: 'Set the partner organisations that may read a product (audited)',
    tags: ['materials'],
  }),
  valid('param', ProductParams),
  valid('json', GrantsBody),
  async (c) => {
    const { orgId, productId } = c.req.valid('param')
    const org = await publisher(c, orgId)
    const { db } = c.get('deps')
    await productOf(db, org.id, productId)
    const wanted = [...new Set(c.req.valid('json').partnerOrgIds)]
    if (wanted.length > 0) {
      const partners = await db
        .selectFrom('organisations')
        .select('id')
        .where('id', 'in', wanted)
        .where('kind', 'in', [...PARTNER_KINDS])
        .execute()
      if (partners.length !== wanted.length) {
        throw new AppError(
          'validation_failed',
          'partnerOrgIds: only partner companies and investors can be granted.',
        )
      }
    }
    const actorId = c.get('session').userId
    const now = new Date()
    await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('partner_product_grants')
        .select(['partner_org_id', 'revoked_at'])
        .where('product_id', '=', productId)
        .forUpdate()
        .execute()
      const active = new Set(current.filter((g) => g.revoked_at === null).map((g) => g.partner_org_id))
      const added = wanted.filter((id) => !active.has(id))
      const revoked = [...active].filter((id) => !wanted.includes(id))
      for (const partnerId of added) {
        await trx
          .insertInto('partner_product_grants')
          .values({ org_id: org.id, product_id: productId, partner_org_id: partnerId, granted_by: actorId })
          .onConflict((oc) =>
            oc
              .columns(['product_id', 'partner_org_id'])
              .doUpdateSet({ revoked_at: null, revoked_by: null, granted_by: actorId, granted_at: now }),
          )
          .execute()
      }
      if (revoked.length > 0) {
        await trx
          .updateTable('partner_product_grants')
          .set({ revoked_at: now, revoked_by: actorId })
          .where('product_id', '=', productId)
          .where('partner_org_id', 'in', revoked)
          .execute()
      }
      if (added.length + revoked.length > 0) {
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'materials.grants.changed',
          targetType: 'partner_product',
          targetId: productId,
          details: { granted: added, revoked },
        })
        await enqueueProduct(trx, org.id, productId)
      }
    })
    return c.json({ partnerOrgIds: wanted })
  },
)
