import type { MaterialItem, PartnerRef, ProductItem } from '../../schema/api/materials.ts'
import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'

/** Partner-material reads and writes shared by the routes, the seed and the indexer. */

export async function enqueueMaterial(trx: DB, orgId: string, materialId: string): Promise<void> {
  await enqueue(trx, 'material.changed', { orgId, entityId: materialId, payload: { orgId } })
}

/** A product's name or grants changed: every material of it is indexed again. */
export async function enqueueProduct(trx: DB, orgId: string, productId: string): Promise<void> {
  await enqueue(trx, 'product.changed', { orgId, entityId: productId, payload: { orgId } })
}

/** The partner organisations a product is granted to right now. */
export async function activeGrants(
  db: DB,
  productIds: readonly string[],
): Promise<Map<string, PartnerRef[]>> {
  const byProduct = new Map<string, PartnerRef[]>()
  if (productIds.length === 0) return byProduct
  const rows = await db
    .selectFrom('partner_product_grants as g')
    .innerJoin('organisations as o', 'o.id', 'g.partner_org_id')
    .select(['g.product_id', 'o.id', 'o.name', 'o.kind'])
    .where('g.product_id', 'in', [...productIds])
    .where('g.revoked_at', 'is', null)
    .orderBy('o.name')
    .execute()
  for (const r of rows) {
    const list = byProduct.get(r.product_id) ?? []
    list.push({ id: r.id, name: r.name, kind: r.kind })
    byProduct.set(r.product_id, list)
  }
  return byProduct
}

/**
 * Products with their (not deleted) materials. `viewerOrgId` is the organisation the caller
 * acts for: download links go through it, so the download is judged in the same context.
 */
export async function productsWithMaterials(
  db: DB,
  productIds: readonly string[],
  viewerOrgId: string,
): Promise<ProductItem[]> {
  if (productIds.length === 0) return []
  const products = await db
    .selectFrom('partner_products as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id', 'o.name as org_name', 'p.name', 'p.description'])
    .where('p.id', 'in', [...productIds])
    .where('p.deleted_at', 'is', null)
    .orderBy('p.name')
    .execute()
  const materials = await db
    .selectFrom('partner_materials as m')
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'm.file_id').onRef('f.org_id', '=', 'm.org_id'))
    .select([
      'm.id',
      'm.product_id',
      'm.title',
      'm.description',
      'm.created_at',
      'f.name',
      'f.mime',
      'f.size',
    ])
    .where('m.product_id', 'in', [...productIds])
    .where('m.deleted_at', 'is', null)
    .orderBy('m.title')
    .execute()
  const byProduct = new Map<string, MaterialItem[]>()
  for (const m of materials) {
    const list = byProduct.get(m.product_id) ?? []
    list.push({
      id: m.id,
      productId: m.product_id,
      title: m.title,
      description: m.description,
      fileName: m.name,
      mime: m.mime,
      size: Number(m.size),
      createdAt: m.created_at.toISOString(),
      downloadUrl: `/materials/${viewerOrgId}/materials/${m.id}/download`,
    })
    byProduct.set(m.product_id, list)
  }
  return products.map((p) => ({
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    name: p.name,
    description: p.description,
    materials: byProduct.get(p.id) ?? [],
  }))
}

/** Products granted (now) to a partner organisation, from publishers that are not deleted. */
export async function grantedProductIds(db: DB, partnerOrgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('partner_product_grants as g')
    .innerJoin('partner_products as p', (j) =>
      j.onRef('p.id', '=', 'g.product_id').onRef('p.org_id', '=', 'g.org_id'),
    )
    .select('p.id')
    .where('g.partner_org_id', '=', partnerOrgId)
    .where('g.revoked_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .execute()
  return rows.map((r) => r.id)
}

export async function isGranted(db: DB, productId: string, partnerOrgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('partner_product_grants')
    .select('product_id')
    .where('product_id', '=', productId)
    .where('partner_org_id', '=', partnerOrgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}
