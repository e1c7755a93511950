import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { MaterialDownloadQuery, MaterialParams, MaterialsOrgParam } from '../../schema/api/materials.ts'
import { notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef, loadOrgRefs } from '../../server/access/principal.ts'
import { fileResponse } from '../files/download.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { grantedProductIds, isGranted, productsWithMaterials } from './repository.ts'

/**
 * The partner's side: the products granted to the caller's company, and downloads. A download
 * is judged in the organisation of the URL: the publisher itself, or a partner organisation the
 * product is granted to and the caller belongs to. Anything else is 404, whoever asks.
 */
export const materialReadRoutes = new Hono<AppEnv>()

materialReadRoutes.get(
  '/:orgId/granted',
  describeRoute({
    summary: 'Products granted to this partner organisation, with their materials',
    tags: ['materials'],
  }),
  valid('param', MaterialsOrgParam),
  async (c) => {
    const partner = await authorizeOrg(c, c.req.valid('param').orgId, 'org.read')
    const { db } = c.get('deps')
    const products = await productsWithMaterials(db, await grantedProductIds(db, partner.id), partner.id)
    const principal = c.get('principal')
    const publishers = await loadOrgRefs(
      db,
      products.map((p) => p.orgId),
    )
    const readable = []
    for (const product of products) {
      const org = publishers.get(product.orgId)
      if (org && can(principal, 'materials.read', { type: 'materials', org, partner, granted: true })) {
        readable.push(product)
      }
    }
    return c.json({ products: readable })
  },
)

materialReadRoutes.get(
  '/:orgId/materials/:materialId/download',
  describeRoute({
    summary: 'Download a material (attachment; inline only for images and PDF)',
    tags: ['materials'],
  }),
  valid('param', MaterialParams),
  valid('query', MaterialDownloadQuery),
  async (c) => {
    const { orgId, materialId } = c.req.valid('param')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('partner_materials as m')
      .innerJoin('partner_products as p', (j) =>
        j.onRef('p.id', '=', 'm.product_id').onRef('p.org_id', '=', 'm.org_id'),
      )
      .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'm.file_id').onRef('f.org_id', '=', 'm.org_id'))
      .select(['m.org_id', 'm.product_id', 'f.sha256', 'f.size', 'f.mime', 'f.name'])
      .where('m.id', '=', materialId)
      .where('m.deleted_at', 'is', null)
      .where('p.deleted_at', 'is', null)
      .executeTakeFirst()
    if (!row) throw notFound('The material')
    const [org, context] = await Promise.all([loadOrgRef(db, row.org_id), loadOrgRef(db, orgId)])
    if (!org || !context) throw notFound('The material')
    const asPublisher = context.id === org.id
    const granted = !asPublisher && (await isGranted(db, row.product_id, context.id))
    const resource = { type: 'materials', org, partner: asPublisher ? null : context, granted } as const
    if (!can(c.get('principal'), 'materials.read', resource)) throw notFound('The material')
    return fileResponse(c, row, c.req.valid('query').inline === '1')
  },
)
