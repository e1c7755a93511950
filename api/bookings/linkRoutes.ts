import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { LinkCreateBody, OrgItemParams, OrgParam } from '../../schema/api/bookings.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { EXCLUSION_VIOLATION, pgCode } from '../../server/bookings/repository.ts'
import { publishCalendars } from '../../server/calendar/publisher.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'

/** Staff: links between resources that share a physical unit (one booking blocks all). */
export const linkRoutes = new Hono<AppEnv>()

linkRoutes.post(
  '/orgs/:orgId/links',
  describeRoute({
    summary: 'Link resources that share a physical unit (two saunas, one heater): one booking blocks all',
    tags: ['bookings'],
  }),
  valid('param', OrgParam),
  valid('json', LinkCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const { name, resourceIds } = c.req.valid('json')
    const ids = [...new Set(resourceIds)]
    const { db } = c.get('deps')
    const found = await db
      .selectFrom('booking_resources')
      .select('id')
      .where('org_id', '=', org.id)
      .where('id', 'in', ids)
      .execute()
    if (found.length !== ids.length || ids.length < 2) {
      throw new AppError('validation_failed', 'resourceIds: two or more resources of this organisation.')
    }
    try {
      const unit = await db.transaction().execute(async (trx) => {
        const u = await trx
          .insertInto('booking_units')
          .values({ org_id: org.id, name })
          .returning('id')
          .executeTakeFirstOrThrow()
        // The trigger claims each resource's upcoming bookings on the unit: an overlap fails here.
        await trx
          .insertInto('booking_unit_resources')
          .values(ids.map((resource_id) => ({ org_id: org.id, unit_id: u.id, resource_id })))
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'booking.resources_linked',
          targetType: 'booking_unit',
          targetId: u.id,
          details: { name, resourceIds: ids },
        })
        return u
      })
      await publishCalendars(c.get('deps'), org.id, ids)
      return c.json({ link: { id: unit.id, name, resourceIds: ids } }, 201)
    } catch (err) {
      if (pgCode(err) !== EXCLUSION_VIOLATION) throw err
      throw new AppError(
        'booking_conflict',
        'These resources have overlapping upcoming bookings; cancel one of them before linking.',
      )
    }
  },
)

linkRoutes.delete(
  '/orgs/:orgId/links/:itemId',
  describeRoute({ summary: 'Unlink resources', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const { db } = c.get('deps')
    const members = await db
      .selectFrom('booking_unit_resources')
      .select('resource_id')
      .where('unit_id', '=', itemId)
      .where('org_id', '=', org.id)
      .execute()
    const res = await db
      .deleteFrom('booking_units')
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (Number(res.numDeletedRows) !== 1) throw notFound('The link')
    await publishCalendars(
      c.get('deps'),
      org.id,
      members.map((m) => m.resource_id),
    )
    return c.json({ ok: true })
  },
)
