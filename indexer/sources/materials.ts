import { MATERIAL_PUBLISHERS } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { pagesById } from './paging.ts'

/**
 * Partner materials. `material.changed` (one material) and `product.changed` (a product's name,
 * deletion or grants: all its materials) are written by api/materials in the transaction of the
 * change. A material is found in its publisher by those who publish, and once in each partner
 * organisation the product is granted to, by that organisation's members. A revoked grant keeps
 * its row, so the handler knows whose record to remove; everything is read from current rows.
 */
export const MATERIAL_TOPIC = 'material.changed'
export const PRODUCT_TOPIC = 'product.changed'

const ownId = (materialId: string) => recordId('material', materialId)
const partnerId = (materialId: string, orgId: string) => recordId('material', `${materialId}:${orgId}`)

export async function materialChanges(db: DB, materialId: string): Promise<Changes> {
  const row = await db
    .selectFrom('partner_materials as m')
    .innerJoin('partner_products as p', (j) =>
      j.onRef('p.id', '=', 'm.product_id').onRef('p.org_id', '=', 'm.org_id'),
    )
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'm.file_id').onRef('f.org_id', '=', 'm.org_id'))
    .select([
      'm.org_id',
      'm.product_id',
      'm.title',
      'm.description',
      'm.created_at',
      'm.deleted_at',
      'p.name as product',
      'p.description as product_description',
      'p.deleted_at as product_deleted_at',
      'f.name as file_name',
    ])
    .where('m.id', '=', materialId)
    .executeTakeFirst()
  if (!row) return { upsert: [], delete: [ownId(materialId)] }
  const grants = await db
    .selectFrom('partner_product_grants')
    .select(['partner_org_id', 'revoked_at'])
    .where('product_id', '=', row.product_id)
    .where('org_id', '=', row.org_id)
    .execute()
  const gone = row.deleted_at !== null || row.product_deleted_at !== null
  if (gone) {
    return {
      upsert: [],
      delete: [ownId(materialId), ...grants.map((g) => partnerId(materialId, g.partner_org_id))],
    }
  }
  const record = (orgId: string, id: string, roles: SearchRecord['visibility']['roles']): SearchRecord => ({
    id,
    orgId,
    type: 'material',
    entityId: materialId,
    title: row.title,
    body: [row.product, row.description, row.file_name, row.product_description].filter(Boolean).join(' · '),
    language: 'fi',
    url: `/org/${orgId}/materials?product=${row.product_id}`,
    updatedAt: row.created_at,
    visibility: { roles, buildingId: null, participants: [], internal: false },
  })
  const changes: Changes = {
    upsert: [record(row.org_id, ownId(materialId), MATERIAL_PUBLISHERS)],
    delete: [],
  }
  for (const g of grants) {
    const id = partnerId(materialId, g.partner_org_id)
    if (g.revoked_at === null) changes.upsert.push(record(g.partner_org_id, id, 'members'))
    else changes.delete.push(id)
  }
  return changes
}

const materialChanged: Handler = (ctx, row) => materialChanges(ctx.db, row.entityId)

const productChanged: Handler = async (ctx, row) => {
  const materials = await ctx.db
    .selectFrom('partner_materials')
    .select('id')
    .where('product_id', '=', row.entityId)
    .execute()
  const changes: Changes = { upsert: [], delete: [] }
  for (const m of materials) {
    const one = await materialChanges(ctx.db, m.id)
    changes.upsert.push(...one.upsert)
    changes.delete.push(...one.delete)
  }
  return changes
}

export const materialHandlers: Readonly<Record<string, Handler>> = {
  [MATERIAL_TOPIC]: materialChanged,
  [PRODUCT_TOPIC]: productChanged,
}

/** Every live material with its partner copies: for `npm run reindex`. */
export function allMaterials(ctx: SourceContext): AsyncGenerator<SearchRecord[]> {
  return pagesById(
    (after, limit) =>
      ctx.db
        .selectFrom('partner_materials')
        .select('id')
        .where('deleted_at', 'is', null)
        .$if(after !== null, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(limit)
        .execute(),
    async (rows) =>
      (await Promise.all(rows.map(async (r) => (await materialChanges(ctx.db, r.id)).upsert))).flat(),
  )
}

export async function countMaterials(db: DB): Promise<number> {
  const row = await db
    .selectFrom('partner_materials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
