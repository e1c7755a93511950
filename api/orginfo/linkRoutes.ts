import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { LinkBody, LinkOrderBody, LinkParam, type OrgLink, OrgParam } from '../../schema/api/dashboards.ts'
import { notFound } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import { authorizeDashboard } from '../dashboards/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * External links of a cooperative, managed by its staff (`links.manage`), read by every member
 * with the information page. Only http(s) URLs are stored (zod and a CHECK); the client opens
 * them with `rel="noopener noreferrer"`.
 */
export const linkRoutes = new Hono<AppEnv>()

export async function linksOf(db: DB, orgId: string): Promise<OrgLink[]> {
  const rows = await db
    .selectFrom('org_links')
    .select(['id', 'title', 'url', 'description', 'icon', 'position'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
  return rows as OrgLink[]
}

linkRoutes.post(
  '/:orgId/links',
  describeRoute({ summary: 'Add an external link', tags: ['orginfo'] }),
  valid('param', OrgParam),
  valid('json', LinkBody),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'links.manage')
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    const link = await db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('org_links')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('org_id', '=', org.id)
        .executeTakeFirst()
      const row = await trx
        .insertInto('org_links')
        .values({ org_id: org.id, ...body, position: Number(last?.p ?? -1) + 1, created_by: actorId })
        .returning(['id', 'title', 'url', 'description', 'icon', 'position'])
        .executeTakeFirstOrThrow()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'link.created',
        targetType: 'org_link',
        targetId: row.id,
      })
      return row
    })
    return c.json({ link }, 201)
  },
)

linkRoutes.put(
  '/:orgId/links/:linkId',
  describeRoute({ summary: 'Change an external link', tags: ['orginfo'] }),
  valid('param', LinkParam),
  valid('json', LinkBody),
  async (c) => {
    const { orgId, linkId } = c.req.valid('param')
    const org = await authorizeDashboard(c, orgId, 'links.manage')
    const row = await c
      .get('deps')
      .db.updateTable('org_links')
      .set(c.req.valid('json'))
      .where('org_id', '=', org.id)
      .where('id', '=', linkId)
      .returning(['id', 'title', 'url', 'description', 'icon', 'position'])
      .executeTakeFirst()
    if (!row) throw notFound('The link')
    return c.json({ link: row })
  },
)

linkRoutes.delete(
  '/:orgId/links/:linkId',
  describeRoute({ summary: 'Remove an external link', tags: ['orginfo'] }),
  valid('param', LinkParam),
  async (c) => {
    const { orgId, linkId } = c.req.valid('param')
    const org = await authorizeDashboard(c, orgId, 'links.manage')
    const { db } = c.get('deps')
    const gone = await db.transaction().execute(async (trx) => {
      const r = await trx
        .deleteFrom('org_links')
        .where('org_id', '=', org.id)
        .where('id', '=', linkId)
        .executeTakeFirst()
      if (r.numDeletedRows > 0n) {
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('principal').userId,
          action: 'link.removed',
          targetType: 'org_link',
          targetId: linkId,
        })
      }
      return r.numDeletedRows > 0n
    })
    if (!gone) throw notFound('The link')
    return c.body(null, 204)
  },
)

linkRoutes.put(
  '/:orgId/links-order',
  describeRoute({ summary: 'Put the external links in this order', tags: ['orginfo'] }),
  valid('param', OrgParam),
  valid('json', LinkOrderBody),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'links.manage')
    const { ids } = c.req.valid('json')
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      for (const [i, id] of ids.entries()) {
        await trx
          .updateTable('org_links')
          .set({ position: i })
          .where('org_id', '=', org.id)
          .where('id', '=', id)
          .execute()
      }
    })
    return c.json({ links: await linksOf(db, org.id) })
  },
)
