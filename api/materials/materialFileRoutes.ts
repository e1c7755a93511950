import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  MaterialParams,
  MaterialPatchBody,
  MaterialUploadQuery,
  ProductParams,
} from '../../schema/api/materials.ts'
import { storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { materialOf, productOf, publisher } from './publisher.ts'
import { enqueueMaterial } from './repository.ts'

/** The files under a product: upload, edit, delete (audited). */
export const materialFileRoutes = new Hono<AppEnv>()

/** The upload route takes the file as the raw body; the app's small-body limit must not apply. */
export const isMaterialUpload = (method: string, path: string) =>
  method === 'POST' && /^\/api\/materials\/[^/]+\/products\/[^/]+\/materials$/.test(path)

materialFileRoutes.post(
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

materialFileRoutes.patch(
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

materialFileRoutes.delete(
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
