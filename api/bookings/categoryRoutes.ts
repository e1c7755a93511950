import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  CategoryCreateBody,
  CategoryPatchBody,
  OrgItemParams,
  OrgParam,
  QuotaGroupCreateBody,
  QuotaGroupPatchBody,
} from '../../schema/api/bookings.ts'
import { notFound } from '../../schema/errors.ts'
import type { AppEnv } from '../http/context.ts'
import { readerLanguage } from '../http/language.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'
import { nameColumns, toCategoryView } from './categories.ts'

/** Staff: booking categories and quota groups (the shared limits of several resources). */
export const categoryRoutes = new Hono<AppEnv>()

categoryRoutes.post(
  '/orgs/:orgId/categories',
  describeRoute({ summary: 'Create a resource category (names in fi, sv, en)', tags: ['bookings'] }),
  valid('param', OrgParam),
  valid('json', CategoryCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const body = c.req.valid('json')
    const named = nameColumns(body)
    const row = await c
      .get('deps')
      .db.insertInto('booking_categories')
      .values({ org_id: org.id, name: named.name ?? '', names: named.names, position: body.position })
      .returning(['id', 'name', 'names', 'position'])
      .executeTakeFirstOrThrow()
    return c.json({ category: toCategoryView(row, await readerLanguage(c)) }, 201)
  },
)

categoryRoutes.post(
  '/orgs/:orgId/quota-groups',
  describeRoute({ summary: 'Create a quota group (max active bookings per apartment)', tags: ['bookings'] }),
  valid('param', OrgParam),
  valid('json', QuotaGroupCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const body = c.req.valid('json')
    const row = await c
      .get('deps')
      .db.insertInto('booking_quota_groups')
      .values({ org_id: org.id, name: body.name, max_active: body.maxActive })
      .returning(['id', 'name', 'max_active as maxActive'])
      .executeTakeFirstOrThrow()
    return c.json({ quotaGroup: row }, 201)
  },
)

categoryRoutes.patch(
  '/orgs/:orgId/categories/:itemId',
  describeRoute({ summary: 'Rename or reorder a resource category', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  valid('json', CategoryPatchBody),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const { db } = c.get('deps')
    const body = c.req.valid('json')
    const before = await db
      .selectFrom('booking_categories')
      .select('names')
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!before) throw notFound('The category')
    const row = await db
      .updateTable('booking_categories')
      .set({
        ...nameColumns(body, before.names),
        ...(body.position !== undefined ? { position: body.position } : {}),
      })
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .returning(['id', 'name', 'names', 'position'])
      .executeTakeFirst()
    if (!row) throw notFound('The category')
    return c.json({ category: toCategoryView(row, await readerLanguage(c)) })
  },
)

categoryRoutes.patch(
  '/orgs/:orgId/quota-groups/:itemId',
  describeRoute({ summary: 'Rename a quota group or change its maximum', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  valid('json', QuotaGroupPatchBody),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const b = c.req.valid('json')
    // A lower maximum applies to new bookings; bookings already made stand.
    const row = await c
      .get('deps')
      .db.updateTable('booking_quota_groups')
      .set({
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.maxActive ? { max_active: b.maxActive } : {}),
      })
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .returning(['id', 'name', 'max_active as maxActive'])
      .executeTakeFirst()
    if (!row) throw notFound('The quota group')
    return c.json({ quotaGroup: row })
  },
)
