import type { Context } from 'hono'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  GrantsBody,
  MaterialParams,
  MaterialPatchBody,
  MaterialsOrgParam,
  MaterialUploadQuery,
  ProductBody,
  ProductParams,
  ProductPatchBody,
} from '../../schema/api/materials.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, type OrgRef, PARTNER_KINDS } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { activeGrants, enqueueMaterial, enqueueProduct, productsWithMaterials } from './repository.ts'

/**
 * The publisher's side of partner materials (a management company or a cooperative): products,
 * which partner companies each is granted to, and the files under each. Strangers get 404,
 * members without a publishing role 403; grants, publishing and deletions are audited.
 */
export const materialManageRoutes = new Hono<AppEnv>()
type Ctx = Context<AppEnv>

/** The upload route takes the file as the raw body; the app's small-body limit must not apply. */
export const isMaterialUpload = (method: string, path: string) =>
  method === 'POST' && /^\/api\/materials\/[^/]+\/products\/[^/]+\/materials$/.test(path)

async function publisher(c: Ctx, orgId: string): Promise<OrgRef> {
  const org = await authorizeOrg(c, orgId, 'org.read')
  if (
    !can(c.get('principal'), 'materials.manage', { type: 'materials', org, partner: null, granted: false })
  ) {
    throw new AppError('forbidden', 'Your role does not allow publishing partner materials here.')
  }
  return org
}

async function productOf(db: DB, orgId: string, productId: string) {
  const row = await db
    .selectFrom('partner_products')
    .selectAll()
    .where('id', '=', productId)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw notFound('The product')
  return row
}

async function materialOf(db: DB, orgId: string, materialId: string) {
  const row = await db
    .selectFrom('partner_materials')
    .selectAll()
    .where('id', '=', materialId)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw notFound('The material')
  return row
}

materialManageRoutes.get(
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

materialManageRoutes.get(
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

materialManageRoutes.post(
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

materialManageRoutes.patch(
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

materialManageRoutes.delete(
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

materialManageRoutes.put(
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

materialManageRoutes.post(
  '/:orgId/products/:productId/materials',
  describeRoute({
    summary:
      'Publish a material under a product: the request body is the file (streamed, at most MAX_UPLOAD_MB)',
    tags: ['materials'],
  }),
  valid('param', ProductParams),
  valid('query', MaterialUploadQuery),
  async (c) => {
    const { orgId, productId } = c.req.valid('param')
    const query = c.req.valid('query')
    const org = await publisher(c, orgId)
    const { db, config } = c.get('deps')
    await productOf(db, org.id, productId)
    const actorId = c.get('session').userId
    await takeUploadSlot(db, actorId, config.uploadRate)
    const blob = await storeUpload(config.filesDir, c.req.raw.body, config.maxUploadBytes)
    const title = query.title ?? query.name.replace(/\.[^.]{1,8}$/, '')
    const id = await db.transaction().execute(async (trx) => {
      const file = await trx
        .insertInto('files')
        .values({
          org_id: org.id,
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          name: query.name,
          uploaded_by: actorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const material = await trx
        .insertInto('partner_materials')
        .values({
          org_id: org.id,
          product_id: productId,
          title,
          description: query.description,
          file_id: file.id,
          created_by: actorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'materials.material.published',
        targetType: 'partner_material',
        targetId: material.id,
        details: {
          productId,
          title,
          name: query.name,
          size: blob.size,
          mime: blob.mime,
          sha256: blob.sha256,
        },
      })
      await enqueueMaterial(trx, org.id, material.id)
      return material.id
    })
    return c.json({ id, mime: blob.mime, size: blob.size }, 201)
  },
)

materialManageRoutes.patch(
  '/:orgId/materials/:materialId',
  describeRoute({ summary: "Change a material's title or description", tags: ['materials'] }),
  valid('param', MaterialParams),
  valid('json', MaterialPatchBody),
  async (c) => {
    const { orgId, materialId } = c.req.valid('param')
    const org = await publisher(c, orgId)
    const { db } = c.get('deps')
    await materialOf(db, org.id, materialId)
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('partner_materials')
        .set(c.req.valid('json'))
        .where('id', '=', materialId)
        .where('org_id', '=', org.id)
        .execute()
      await enqueueMaterial(trx, org.id, materialId)
    })
    return c.json({ id: materialId })
  },
)

materialManageRoutes.delete(
  '/:orgId/materials/:materialId',
  describeRoute({ summary: 'Withdraw a material (audited)', tags: ['materials'] }),
  valid('param', MaterialParams),
  async (c) => {
    const { orgId, materialId } = c.req.valid('param')
    const org = await publisher(c, orgId)
    const { db } = c.get('deps')
    const material = await materialOf(db, org.id, materialId)
    const actorId = c.get('session').userId
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('partner_materials')
        .set({ deleted_at: new Date(), deleted_by: actorId })
        .where('id', '=', materialId)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'materials.material.deleted',
        targetType: 'partner_material',
        targetId: materialId,
        details: { productId: material.product_id, title: material.title },
      })
      await enqueueMaterial(trx, org.id, materialId)
    })
    return c.body(null, 204)
  },
)
