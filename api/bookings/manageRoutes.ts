import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  BlackoutCreateBody,
  CategoryCreateBody,
  CategoryPatchBody,
  LinkCreateBody,
  OrgItemParams,
  OrgParam,
  OrgResourceParams,
  QuotaGroupCreateBody,
  QuotaGroupPatchBody,
  ResourceCreateBody,
  ResourcePatchBody,
  rulesAreCoherent,
  StandingShiftCreateBody,
} from '../../schema/api/bookings.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import {
  blackoutsOf,
  EXCLUSION_VIOLATION,
  findResource,
  pgCode,
  range,
} from '../../server/bookings/repository.ts'
import { publishCalendars } from '../../server/calendar/publisher.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBookings } from './access.ts'
import { createStandingShift, endStandingShift, listStandingShifts } from './standingShifts.ts'

/** Staff: categories, quota groups, resources and rules, blackouts, links, standing shifts. */
export const manageRoutes = new Hono<AppEnv>()

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

manageRoutes.post(
  '/orgs/:orgId/categories',
  describeRoute({ summary: 'Create a resource category', tags: ['bookings'] }),
  valid('param', OrgParam),
  valid('json', CategoryCreateBody),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    const body = c.req.valid('json')
    const row = await c
      .get('deps')
      .db.insertInto('booking_categories')
      .values({ org_id: org.id, name: body.name, position: body.position })
      .returning(['id', 'name', 'position'])
      .executeTakeFirstOrThrow()
    return c.json({ category: row }, 201)
  },
)

manageRoutes.post(
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

manageRoutes.patch(
  '/orgs/:orgId/categories/:itemId',
  describeRoute({ summary: 'Rename or reorder a resource category', tags: ['bookings'] }),
  valid('param', OrgItemParams),
  valid('json', CategoryPatchBody),
  async (c) => {
    const { orgId, itemId } = c.req.valid('param')
    const org = await authorizeBookings(c, orgId, 'bookings.manage')
    const row = await c
      .get('deps')
      .db.updateTable('booking_categories')
      .set(c.req.valid('json'))
      .where('id', '=', itemId)
      .where('org_id', '=', org.id)
      .returning(['id', 'name', 'position'])
      .executeTakeFirst()
    if (!row) throw notFound('The category')
    return c.json({ category: row })
  },
)

manageRoutes.patch(
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

manageRoutes.post(
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

manageRoutes.patch(
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

manageRoutes.get(
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

manageRoutes.post(
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

manageRoutes.delete(
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

manageRoutes.post(
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

manageRoutes.delete(
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

manageRoutes.get(
  '/orgs/:orgId/standing-shifts',
  describeRoute({ summary: 'Standing weekly shifts', tags: ['bookings'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeBookings(c, c.req.valid('param').orgId, 'bookings.manage')
    return c.json({ shifts: await listStandingShifts(c.get('deps').db, org.id) })
  },
)

manageRoutes.post(
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

manageRoutes.delete(
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
