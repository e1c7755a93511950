import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, type OrgRef } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'

type Ctx = Context<AppEnv>

/**
 * The organisation `orgId` when the caller publishes its partner materials: 404 to strangers, 403
 * to members who do not.
 */
export async function publisher(c: Ctx, orgId: string): Promise<OrgRef> {
  const org = await authorizeOrg(c, orgId, 'org.read')
  if (
    !can(c.get('principal'), 'materials.manage', { type: 'materials', org, partner: null, granted: false })
  ) {
    throw new AppError('forbidden', 'Your role does not allow publishing partner materials here.')
  }
  return org
}

export async function productOf(db: DB, orgId: string, productId: string) {
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

export async function materialOf(db: DB, orgId: string, materialId: string) {
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
