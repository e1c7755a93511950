import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { ApartmentCreateBody, BuildingCreateBody } from '../../schema/api/orgs.ts'
import { AppError } from '../../schema/errors.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { requireStaircaseIn } from './staircaseCheck.ts'

/** Buildings, staircases and apartments of a cooperative (mounted under /api/orgs, behind requireAuth). */
export const structureRoutes = new Hono<AppEnv>()

structureRoutes.post(
  '/:id/buildings',
  describeRoute({ summary: 'Add a building (with its staircases) to a cooperative', tags: ['orgs'] }),
  valid('param', IdParam),
  valid('json', BuildingCreateBody),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.structure.manage')
    if (org.kind !== 'housing_cooperative')
      throw new AppError('validation_failed', 'Only housing cooperatives have buildings.')
    const body = c.req.valid('json')
    const building = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('buildings')
          .values({ org_id: org.id, name: body.name, address: body.address })
          .returning(['id', 'name', 'address'])
          .executeTakeFirstOrThrow()
        const staircases = body.staircases.length
          ? await trx
              .insertInto('staircases')
              .values(body.staircases.map((name) => ({ org_id: org.id, building_id: row.id, name })))
              .returning(['id', 'name'])
              .execute()
          : []
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'building.created',
          targetType: 'building',
          targetId: row.id,
          details: { name: body.name },
        })
        return { ...row, staircases }
      })
    return c.json({ building }, 201)
  },
)

structureRoutes.post(
  '/:id/apartments',
  describeRoute({ summary: 'Add an apartment to a building of a cooperative', tags: ['orgs'] }),
  valid('param', IdParam),
  valid('json', ApartmentCreateBody),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.structure.manage')
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    // The building (and staircase) must be this organisation's: checked here for a clear
    // message; the composite foreign keys refuse it anyway.
    const building = await db
      .selectFrom('buildings')
      .select('id')
      .where('id', '=', body.buildingId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!building)
      throw new AppError('validation_failed', 'buildingId: no such building in this organisation.')
    if (body.staircaseId)
      await requireStaircaseIn(db, {
        orgId: org.id,
        buildingId: body.buildingId,
        staircaseId: body.staircaseId,
      })
    const apartment = await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('apartments')
          .values({
            org_id: org.id,
            building_id: body.buildingId,
            staircase_id: body.staircaseId ?? null,
            number: body.number,
            area_m2: body.areaM2,
            share_count: body.shareCount,
          })
          .returning(['id', 'number'])
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'apartment.created',
          targetType: 'apartment',
          targetId: row.id,
          details: { number: body.number },
        })
        return row
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new AppError('conflict', `Apartment ${body.number} already exists in that building.`)
        throw error
      })
    return c.json({ apartment }, 201)
  },
)
