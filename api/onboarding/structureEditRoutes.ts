import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  ApartmentParams,
  ApartmentPatchBody,
  BuildingParams,
  BuildingPatchBody,
  StaircaseCreateBody,
  StaircaseParams,
  StaircasePatchBody,
} from '../../schema/api/onboarding.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { requireStaircaseIn } from '../orgs/staircaseCheck.ts'
import { refuseWhileReferenced } from './references.ts'
import { removeKeepingRow } from './structureRestore.ts'

/**
 * Edit and remove buildings, staircases and apartments (mounted under /api/orgs, behind
 * requireAuth). Every row is looked up with the organisation of the URL, so another
 * organisation's id is simply not found. Removal is refused while anything refers to the row
 * (references.ts), with a message that says what; a reference that appears between the check and
 * the delete is refused by the foreign key, with the same answer. The removal's audit entry keeps
 * the whole row, so it can be undone (structureRestore.ts).
 */
export const structureEditRoutes = new Hono<AppEnv>()

const isForeignKeyViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23503'

function conflictsAs(message: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw new AppError('conflict', message)
    if (isForeignKeyViolation(error))
      throw new AppError('conflict', 'Something still refers to it. Remove or move that first.')
    throw error
  }
}

structureEditRoutes.patch(
  '/:id/buildings/:buildingId',
  describeRoute({ summary: 'Rename a building or change its address', tags: ['orgs'] }),
  valid('param', BuildingParams),
  valid('json', BuildingPatchBody),
  async (c) => {
    const { id, buildingId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const body = c.req.valid('json')
    const row = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable('buildings')
          .set(body)
          .where('id', '=', buildingId)
          .where('org_id', '=', org.id)
          .returning(['id', 'name', 'address'])
          .executeTakeFirst()
        if (!row) throw notFound('The building')
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'building.updated',
          targetType: 'building',
          targetId: row.id,
          details: body,
        })
        return row
      })
      .catch(conflictsAs('A building with that name already exists.'))
    return c.json({ building: row })
  },
)

structureEditRoutes.delete(
  '/:id/buildings/:buildingId',
  describeRoute({
    summary: 'Remove an empty building (refused while anything refers to it)',
    tags: ['orgs'],
  }),
  valid('param', BuildingParams),
  async (c) => {
    const { id, buildingId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('buildings')
      .select(['id', 'name'])
      .where('id', '=', buildingId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!row) throw notFound('The building')
    await refuseWhileReferenced(db, 'buildings', row.id, `Building ${row.name}`)
    await db
      .transaction()
      .execute(async (trx) => {
        const removed = await removeKeepingRow(trx, 'building', org.id, row.id)
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'building.removed',
          targetType: 'building',
          targetId: row.id,
          details: { name: row.name, restore: removed },
        })
      })
      .catch(conflictsAs('The building changed meanwhile.'))
    return c.json({ ok: true })
  },
)

structureEditRoutes.post(
  '/:id/buildings/:buildingId/staircases',
  describeRoute({ summary: 'Add a staircase to a building', tags: ['orgs'] }),
  valid('param', BuildingParams),
  valid('json', StaircaseCreateBody),
  async (c) => {
    const { id, buildingId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const { db } = c.get('deps')
    const building = await db
      .selectFrom('buildings')
      .select('id')
      .where('id', '=', buildingId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!building) throw notFound('The building')
    const staircase = await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('staircases')
          .values({ org_id: org.id, building_id: building.id, name: c.req.valid('json').name })
          .returning(['id', 'name'])
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'staircase.created',
          targetType: 'staircase',
          targetId: row.id,
          details: { name: row.name },
        })
        return row
      })
      .catch(conflictsAs('That staircase already exists in the building.'))
    return c.json({ staircase }, 201)
  },
)

structureEditRoutes.patch(
  '/:id/staircases/:staircaseId',
  describeRoute({ summary: 'Rename a staircase', tags: ['orgs'] }),
  valid('param', StaircaseParams),
  valid('json', StaircasePatchBody),
  async (c) => {
    const { id, staircaseId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const staircase = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable('staircases')
          .set({ name: c.req.valid('json').name })
          .where('id', '=', staircaseId)
          .where('org_id', '=', org.id)
          .returning(['id', 'name'])
          .executeTakeFirst()
        if (!row) throw notFound('The staircase')
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'staircase.updated',
          targetType: 'staircase',
          targetId: row.id,
          details: { name: row.name },
        })
        return row
      })
      .catch(conflictsAs('That staircase already exists in the building.'))
    return c.json({ staircase })
  },
)

structureEditRoutes.delete(
  '/:id/staircases/:staircaseId',
  describeRoute({
    summary: 'Remove a staircase (refused while apartments or cases refer to it)',
    tags: ['orgs'],
  }),
  valid('param', StaircaseParams),
  async (c) => {
    const { id, staircaseId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('staircases')
      .select(['id', 'name'])
      .where('id', '=', staircaseId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!row) throw notFound('The staircase')
    await refuseWhileReferenced(db, 'staircases', row.id, `Staircase ${row.name}`)
    await db
      .transaction()
      .execute(async (trx) => {
        const removed = await removeKeepingRow(trx, 'staircase', org.id, row.id)
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'staircase.removed',
          targetType: 'staircase',
          targetId: row.id,
          details: { name: row.name, restore: removed },
        })
      })
      .catch(conflictsAs('The staircase changed meanwhile.'))
    return c.json({ ok: true })
  },
)

structureEditRoutes.patch(
  '/:id/apartments/:apartmentId',
  describeRoute({ summary: 'Change an apartment (number, staircase, area, shares)', tags: ['orgs'] }),
  valid('param', ApartmentParams),
  valid('json', ApartmentPatchBody),
  async (c) => {
    const { id, apartmentId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const current = await db
      .selectFrom('apartments')
      .select(['id', 'building_id'])
      .where('id', '=', apartmentId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!current) throw notFound('The apartment')
    if (body.staircaseId)
      await requireStaircaseIn(db, {
        orgId: org.id,
        buildingId: current.building_id,
        staircaseId: body.staircaseId,
      })
    const apartment = await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable('apartments')
          .set({
            ...(body.number !== undefined ? { number: body.number } : {}),
            ...(body.staircaseId !== undefined ? { staircase_id: body.staircaseId } : {}),
            ...(body.areaM2 !== undefined ? { area_m2: body.areaM2 } : {}),
            ...(body.shareCount !== undefined ? { share_count: body.shareCount } : {}),
          })
          .where('id', '=', current.id)
          .where('org_id', '=', org.id)
          .returning(['id', 'number', 'staircase_id', 'area_m2', 'share_count'])
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'apartment.updated',
          targetType: 'apartment',
          targetId: row.id,
          details: body,
        })
        return row
      })
      .catch(conflictsAs(`Apartment ${body.number ?? ''} already exists in that building.`))
    return c.json({
      apartment: {
        id: apartment.id,
        number: apartment.number,
        staircaseId: apartment.staircase_id,
        areaM2: Number(apartment.area_m2),
        shareCount: apartment.share_count,
      },
    })
  },
)

structureEditRoutes.delete(
  '/:id/apartments/:apartmentId',
  describeRoute({
    summary: 'Remove an apartment (refused while members, invoices, bookings or cases refer to it)',
    tags: ['orgs'],
  }),
  valid('param', ApartmentParams),
  async (c) => {
    const { id, apartmentId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.manage')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('apartments')
      .select(['id', 'number'])
      .where('id', '=', apartmentId)
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    if (!row) throw notFound('The apartment')
    await refuseWhileReferenced(db, 'apartments', row.id, `Apartment ${row.number}`)
    await db
      .transaction()
      .execute(async (trx) => {
        const removed = await removeKeepingRow(trx, 'apartment', org.id, row.id)
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'apartment.removed',
          targetType: 'apartment',
          targetId: row.id,
          details: { number: row.number, restore: removed },
        })
      })
      .catch(conflictsAs('The apartment changed meanwhile.'))
    return c.json({ ok: true })
  },
)
