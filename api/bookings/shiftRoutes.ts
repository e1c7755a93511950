import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { OrgItemParams, OrgParam, StandingShiftCreateBody } from '../../schema/api/bookings.ts'
import { publishCalendars } from '../../server/calendar/publisher.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'
import { createStandingShift, endStandingShift, listStandingShifts } from './standingShifts.ts'

/** Staff: standing shifts (a recurring booking made on behalf of an apartment). */
export const shiftRoutes = new Hono<AppEnv>()

shiftRoutes.get(
  '/orgs/:orgId/standing-shifts',
  describeRoute({ summary: 'Standing weekly shifts', tags: ['bookings'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    return c.json({ shifts: await listStandingShifts(c.get('deps').db, org.id) })
  },
)

shiftRoutes.post(
  '/orgs/:orgId/standing-shifts',
  describeRoute({ summary: 'Create a standing weekly shift and book its weeks ahead', tags: ['bookings'] }),
  valid('param', OrgParam),
  valid('json', StandingShiftCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const body = c.req.valid('json')
    const result = await createStandingShift(c.get('deps').db, org.id, c.get('session').userId, body)
    await publishCalendars(c.get('deps'), org.id, [body.resourceId])
    return c.json(result, 201)
  },
)

shiftRoutes.delete(
  '/orgs/:orgId/standing-shifts/:itemId',
  describeRoute({ summary: 'End a standing shift and cancel its upcoming bookings', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const { db } = c.get('deps')
    const cancelled = await endStandingShift(db, org.id, itemId, c.get('session').userId)
    const shift = await db
      .selectFrom('booking_standing_shifts')
      .select('resource_id')
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (shift) await publishCalendars(c.get('deps'), org.id, [shift.resource_id])
    return c.json({ ok: true, cancelled })
  },
)
