import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  MaterialsOrgParam,
  ProductBody,
  ProductParams,
  ProductPatchBody,
} from '../../schema/api/materials.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { productOf, publisher } from './publisher.ts'
import { activeGrants, enqueueProduct, productsWithMaterials } from './repository.ts'

/** The publisher's products: list, create, rename, delete. */
export const productRoutes = new Hono<AppEnv>()

productRoutes.get(
  '/:orgId/products',
  describeRoute({ summary: "The publisher's products with their grants and materials", tags: ['materials'] }),
  valid('param', MaterialsOrgParam),
  async (c) => {
    const org = await publisher(c, c.req.valid('param').orgId)
    const { db } = c.get('deps')
    const ids = await db
      .selectFrom('partner_products')
      .select('id')
      .where('org_id', '=', org.id)
      .where('deleted_at', 'is', null)
      .execute()
    const productIds = ids.map((r) => r.id)
    const [products, grants] = await Promise.all([
      productsWithMaterials(db, productIds, org.id),
      activeGrants(db, productIds),
    ])
    return c.json({ products: products.map((p) => ({ ...p, grants: grants.get(p.id) ?? [] })) })
  },
)

productRoutes.post(
  '/:orgId/products',
  describeRoute({ summary: 'Add a product', tags: ['materials'] }),
  valid('param', MaterialsOrgParam),
  valid('json', ProductBody),
  async (c) => {
    const org = await publisher(c, c.req.valid('param').orgId)
    const body = c.req.valid('json')
    const row = await c
      .get('deps')
      .db.insertInto('partner_products')
      .values({
        org_id: org.id,
        name: body.name,
        description: body.description,
        created_by: c.get('session').userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return c.json({ id: row.id }, 201)
  },
)

productRoutes.patch(
  '/:orgId/products/:productId',
  describeRoute({ summary: 'Rename or describe a product', tags: ['materials'] }),
  valid('param', ProductParams),
  valid('json', ProductPatchBody),
  async (c) => {
    const { orgId, productId } = c.req.valid('param')
    const org = await publisher(c, orgId)
    const { db } = c.get('deps')
    await productOf(db, org.id, productId)
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('partner_products')
        .set({ ...c.req.valid('json'), updated_at: new Date() })
        .where('id', '=', productId)
        .where('org_id', '=', org.id)
        .execute()
      await enqueueProduct(trx, org.id, productId)
    })
    return c.json({ id: productId })
  },
)

productRoutes.delete(
  '/:orgId/products/:productId',
  describeRoute({ summary: 'Delete a product and withdraw its materials (audited)', tags: ['materials'] }),
  valid('param', ProductParams),
  async (c) => {
    const { orgId, productId } = c.req.valid('param')
    const org = await publisher(c, orgId)
    const { db } = c.get('deps')
    const product = await productOf(db, org.id, productId)
    const actorId = c.get('session').userId
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('partner_products')
        .set({ deleted_at: new Date(), deleted_by: actorId })
        .where('id', '=', productId)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'materials.product.deleted',
        targetType: 'partner_product',
        targetId: productId,
        details: { name: product.name },
      })
      await enqueueProduct(trx, org.id, productId)
    })
    return c.body(null, 204)
  },
)
