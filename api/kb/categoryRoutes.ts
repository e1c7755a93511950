import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { CategoryBody, CategoryParams, KbOrgParam } from '../../schema/api/kb.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { demandAuthor, kbOrg } from './access.ts'
import { enqueueArticle } from './repository.ts'

/** An organisation's article categories: authors add, rename and remove them. */
export const kbCategoryRoutes = new Hono<AppEnv>()

const taken = () => new AppError('conflict', 'A category with that name already exists.')

kbCategoryRoutes.post(
  '/:orgId/categories',
  describeRoute({ summary: 'Add a category', tags: ['kb'] }),
  valid('param', KbOrgParam),
  valid('json', CategoryBody),
  async (c) => {
    const org = await kbOrg(c, c.req.valid('param').orgId)
    demandAuthor(c, org)
    const { db } = c.get('deps')
    const last = await db
      .selectFrom('kb_categories')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    try {
      const row = await db
        .insertInto('kb_categories')
        .values({ org_id: org.id, name: c.req.valid('json').name, position: Number(last?.max ?? 0) + 1 })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow()
      return c.json({ id: row.id, orgId: org.id, name: row.name }, 201)
    } catch (err) {
      if (isUniqueViolation(err)) throw taken()
      throw err
    }
  },
)

kbCategoryRoutes.patch(
  '/:orgId/categories/:categoryId',
  describeRoute({ summary: 'Rename a category', tags: ['kb'] }),
  valid('param', CategoryParams),
  valid('json', CategoryBody),
  async (c) => {
    const { orgId, categoryId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    demandAuthor(c, org)
    try {
      const row = await c
        .get('deps')
        .db.updateTable('kb_categories')
        .set({ name: c.req.valid('json').name })
        .where('id', '=', categoryId)
        .where('org_id', '=', org.id)
        .returning(['id', 'name'])
        .executeTakeFirst()
      if (!row) throw notFound('The category')
      return c.json({ id: row.id, orgId: org.id, name: row.name })
    } catch (err) {
      if (isUniqueViolation(err)) throw taken()
      throw err
    }
  },
)

kbCategoryRoutes.delete(
  '/:orgId/categories/:categoryId',
  describeRoute({ summary: 'Remove a category; its articles stay, uncategorised', tags: ['kb'] }),
  valid('param', CategoryParams),
  async (c) => {
    const { orgId, categoryId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    demandAuthor(c, org)
    const removed = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const moved = await trx
          .updateTable('kb_articles')
          .set({ category_id: null })
          .where('org_id', '=', org.id)
          .where('category_id', '=', categoryId)
          .returning('id')
          .execute()
        for (const a of moved) await enqueueArticle(trx, org.id, a.id)
        return trx
          .deleteFrom('kb_categories')
          .where('id', '=', categoryId)
          .where('org_id', '=', org.id)
          .executeTakeFirst()
      })
    if (Number(removed.numDeletedRows) === 0) throw notFound('The category')
    return c.body(null, 204)
  },
)
