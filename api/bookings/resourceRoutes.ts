import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  OrgParam,
  OrgResourceParams,
  ResourceCreateBody,
  ResourcePatchBody,
  rulesAreCoherent,
} from '../../schema/api/bookings.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { findResource } from '../../server/bookings/repository.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'

/** Staff: bookable resources and their rules. */
export const resourceRoutes = new Hono<AppEnv>()

/** A foreign key into another organisation (or nowhere) is a 422, not a 500. */
async function refsInOrg(
  db: DB,
  orgId: string,
  refs: { categoryId?: string | null | undefined; buildingId?: string | null; quotaGroupId?: string | null },
) {
  const checks: [
    string | null | undefined,
    'booking_categories' | 'buildings' | 'booking_quota_groups',
    string,
  ][] = [
    [refs.categoryId, 'booking_categories', 'categoryId'],
    [refs.buildingId, 'buildings', 'buildingId'],
    [refs.quotaGroupId, 'booking_quota_groups', 'quotaGroupId'],
  ]
  for (const [id, table, field] of checks) {
    if (!id) continue
    const row = await db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst()
    if (!row) throw new AppError('validation_failed', `${field}: no such item in this organisation.`)
  }
}

resourceRoutes.post(
  '/orgs/:orgId/resources',
  describeRoute({ summary: 'Create a bookable resource with its rules', tags: ['bookings'] }),
  valid('param', OrgParam),
  valid('json', ResourceCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const b = c.req.valid('json')
    const { db } = c.get('deps')
    await refsInOrg(db, org.id, b)
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('booking_resources')
        .values({
          org_id: org.id,
          category_id: b.categoryId,
          building_id: b.buildingId,
          quota_group_id: b.quotaGroupId,
          name: b.name,
          description: b.description,
          mode: b.mode,
          grid_minutes: b.gridMinutes,
          min_minutes: b.minMinutes,
          max_minutes: b.maxMinutes,
          opening_hours: jsonb(b.openingHours),
          lead_min_minutes: b.leadMinMinutes,
          lead_max_days: b.leadMaxDays,
          cancel_cutoff_minutes: b.cancelCutoffMinutes,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('session').userId,
        action: 'booking.resource_created',
        targetType: 'booking_resource',
        targetId: row.id,
        details: { name: b.name },
      })
      return row.id
    })
    return c.json({ resource: await findResource(db, org.id, id) }, 201)
  },
)

resourceRoutes.patch(
  '/orgs/:orgId/resources/:resourceId',
  describeRoute({ summary: 'Change a resource or its rules', tags: ['bookings'] }),
  valid('param', OrgResourceParams),
  valid('json', ResourcePatchBody),
  async (c) => {
    const { orgId, resourceId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const patch = c.req.valid('json')
    const { db } = c.get('deps')
    const current = await findResource(db, org.id, resourceId)
    if (!current) throw notFound('The resource')
    const next = { ...current, ...patch }
    if (!rulesAreCoherent(next)) {
      throw new AppError(
        'validation_failed',
        'min and max must be multiples of the grid with grid ≤ min ≤ max.',
      )
    }
    await refsInOrg(db, org.id, patch)
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('booking_resources')
        .set({
          category_id: next.categoryId,
          building_id: next.buildingId,
          quota_group_id: next.quotaGroupId,
          name: next.name,
          description: next.description,
          active: next.active,
          mode: next.mode,
          grid_minutes: next.gridMinutes,
          min_minutes: next.minMinutes,
          max_minutes: next.maxMinutes,
          opening_hours: jsonb(next.openingHours),
          lead_min_minutes: next.leadMinMinutes,
          lead_max_days: next.leadMaxDays,
          cancel_cutoff_minutes: next.cancelCutoffMinutes,
        })
        .where('id', '=', current.id)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('session').userId,
        action: 'booking.resource_changed',
        targetType: 'booking_resource',
        targetId: current.id,
        details: { fields: Object.keys(patch) },
      })
    })
    return c.json({ resource: await findResource(db, org.id, current.id) })
  },
)
