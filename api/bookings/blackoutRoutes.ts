import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { BlackoutCreateBody, OrgItemParams, OrgResourceParams } from '../../schema/api/bookings.ts'
import { notFound } from '../../schema/errors.ts'
import { blackoutsOf, findResource, range } from '../../server/bookings/repository.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'

/** Staff: blackouts, the periods a resource is closed (maintenance, holiday). */
export const blackoutRoutes = new Hono<AppEnv>()

blackoutRoutes.get(
  '/orgs/:orgId/resources/:resourceId/blackouts',
  describeRoute({ summary: 'Blackouts of a resource that have not ended yet', tags: ['bookings'] }),
  valid('param', OrgResourceParams),
  async (c) => {
    const { orgId, resourceId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const { db } = c.get('deps')
    const resource = await findResource(db, org.id, resourceId)
    if (!resource) throw notFound('The resource')
    return c.json({ blackouts: await blackoutsOf(db, resource.id, Date.now()) })
  },
)

blackoutRoutes.post(
  '/orgs/:orgId/resources/:resourceId/blackouts',
  describeRoute({ summary: 'Close a resource for a period (maintenance, holiday)', tags: ['bookings'] }),
  valid('param', OrgResourceParams),
  valid('json', BlackoutCreateBody),
  async (c) => {
    const { orgId, resourceId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const { db } = c.get('deps')
    const resource = await findResource(db, org.id, resourceId)
    if (!resource) throw notFound('The resource')
    const b = c.req.valid('json')
    const row = await db
      .insertInto('booking_blackouts')
      .values({
        org_id: org.id,
        resource_id: resource.id,
        during: range({ start: Date.parse(b.start), end: Date.parse(b.end) }),
        reason: b.reason,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return c.json({ blackout: { id: row.id, start: b.start, end: b.end, reason: b.reason } }, 201)
  },
)

blackoutRoutes.delete(
  '/orgs/:orgId/blackouts/:itemId',
  describeRoute({ summary: 'Remove a blackout', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const res = await c
      .get('deps')
      .db.deleteFrom('booking_blackouts')
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (Number(res.numDeletedRows) !== 1) throw notFound('The blackout')
    return c.json({ ok: true })
  },
)
