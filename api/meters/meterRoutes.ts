import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { MeterListQuery, MeterOrgParam, MeterParams, MeterPatch, NewMeter } from '../../schema/api/meters.ts'
import { AppError } from '../../schema/errors.ts'
import { meterAbilitiesIn } from '../../schema/policy/meters.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBuilding, authorizeMeter, memberOrg } from './access.ts'
import { type Choices, choicesSql, meterSelect, parsedJson, summarise } from './repository.ts'

/**
 * The meters of a cooperative: the list each member may see, and staff creating, correcting and
 * retiring them.
 */
export const meterRoutes = new Hono<AppEnv>()

meterRoutes.get(
  '/:orgId',
  describeRoute({
    summary: 'The meters the caller may read (their apartment, or every meter they serve or oversee)',
    tags: ['meters'],
  }),
  valid('param', MeterOrgParam),
  valid('query', MeterListQuery),
  async (c) => {
    const { orgId } = c.req.valid('param')
    const q = c.req.valid('query')
    const org = await memberOrg(c, orgId)
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const abilities = meterAbilitiesIn(principal, org)
    let query = meterSelect(db).where('m.org_id', '=', org.id)
    if (q.buildingId) query = query.where('m.building_id', '=', q.buildingId)
    if (q.apartmentId) query = query.where('m.apartment_id', '=', q.apartmentId)
    if (!abilities.overview) {
      // Residents and owners: only the apartments their memberships name (the policy checks each).
      const homes = principal.memberships
        .filter((m) => m.orgId === org.id && m.apartmentId)
        .map((m) => m.apartmentId!)
      if (homes.length === 0) return c.json({ meters: [], abilities, buildings: [], apartments: [] })
      query = query.where('m.apartment_id', 'in', homes)
    }
    // The building and apartment choices ride on the first row: one statement (issue 19).
    const choices = choicesSql(org.id, { buildings: abilities.overview, apartments: abilities.manage })
    const first = sql<boolean>`row_number() OVER (ORDER BY b.name, a.number, m.kind, m.serial) = 1`
    const rows = await query
      .select([
        sql<Choices['buildings'] | string>`CASE WHEN ${first} THEN ${choices.buildings} END`.as('buildings'),
        sql<Choices['apartments'] | string>`CASE WHEN ${first} THEN ${choices.apartments} END`.as(
          'apartments',
        ),
      ])
      .orderBy('b.name')
      .orderBy('a.number')
      .orderBy('m.kind')
      .orderBy('m.serial')
      .execute()
    const carrier =
      rows.find((r) => r.buildings !== null || r.apartments !== null) ??
      (abilities.overview || abilities.manage
        ? await db
            .selectNoFrom([choices.buildings.as('buildings'), choices.apartments.as('apartments')])
            .executeTakeFirstOrThrow()
        : { buildings: null, apartments: null })
    const buildings = parsedJson(carrier.buildings) ?? []
    const apartments = parsedJson(carrier.apartments) ?? []
    const meters = summarise(principal, org, rows)
    return c.json({ meters, abilities, buildings, apartments })
  },
)

meterRoutes.post(
  '/:orgId',
  describeRoute({
    summary: 'Add a meter to a building or one of its apartments (staff, maintenance)',
    tags: ['meters'],
  }),
  valid('param', MeterOrgParam),
  valid('json', NewMeter),
  async (c) => {
    const { orgId } = c.req.valid('param')
    const body = c.req.valid('json')
    const org = await memberOrg(c, orgId)
    await authorizeBuilding(c, org, body.buildingId, body.apartmentId, 'meters.manage')
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    try {
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('meters')
          .values({
            org_id: org.id,
            building_id: body.buildingId,
            apartment_id: body.apartmentId,
            kind: body.kind,
            serial: body.serial,
            unit: body.unit,
            location: body.location,
            external_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'meter.created',
          targetType: 'meter',
          targetId: row.id,
          details: { kind: body.kind, serial: body.serial },
        })
        return row.id
      })
      const rows = await meterSelect(db).where('m.org_id', '=', org.id).where('m.id', '=', id).execute()
      const [meter] = summarise(c.get('principal'), org, rows)
      return c.json({ meter }, 201)
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('conflict', 'A meter of that kind with that serial number exists.')
      throw err
    }
  },
)

meterRoutes.patch(
  '/:orgId/:meterId',
  describeRoute({
    summary: 'Correct a meter: its serial number, unit, location or kind (staff, maintenance serving it)',
    tags: ['meters'],
  }),
  valid('param', MeterParams),
  valid('json', MeterPatch),
  async (c) => {
    const { orgId, meterId } = c.req.valid('param')
    const patch = c.req.valid('json')
    // 404 for whoever may not read the meter (another cooperative, maintenance of another
    // building, a neighbour), 403 for a reader without the role (the board).
    const { org, meter } = await authorizeMeter(c, orgId, meterId, 'meters.manage')
    if (meter.retired) throw new AppError('conflict', 'A retired meter is not changed.')
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    // Only the fields sent (JSON has no undefined; zod leaves absent keys out).
    const changes: Partial<Pick<typeof patch, 'kind' | 'serial' | 'unit' | 'location'>> = {}
    if (patch.kind !== undefined) changes.kind = patch.kind
    if (patch.serial !== undefined) changes.serial = patch.serial
    if (patch.unit !== undefined) changes.unit = patch.unit
    if (patch.location !== undefined) changes.location = patch.location
    try {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('meters')
          .select(['kind', 'serial', 'unit', 'location'])
          .where('org_id', '=', org.id)
          .where('id', '=', meterId)
          .forUpdate()
          .executeTakeFirstOrThrow()
        await trx
          .updateTable('meters')
          .set(changes)
          .where('org_id', '=', org.id)
          .where('id', '=', meterId)
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'meter.updated',
          targetType: 'meter',
          targetId: meterId,
          details: {
            before: Object.fromEntries(
              Object.keys(changes).map((k) => [k, before[k as keyof typeof before]]),
            ),
            after: changes,
          },
        })
      })
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('conflict', 'A meter of that kind with that serial number exists.')
      throw err
    }
    const rows = await meterSelect(db).where('m.org_id', '=', org.id).where('m.id', '=', meterId).execute()
    const [summary] = summarise(c.get('principal'), org, rows)
    return c.json({ meter: summary })
  },
)

meterRoutes.delete(
  '/:orgId/:meterId',
  describeRoute({ summary: 'Retire a meter (its readings stay)', tags: ['meters'] }),
  valid('param', MeterParams),
  async (c) => {
    const { orgId, meterId } = c.req.valid('param')
    const { org } = await authorizeMeter(c, orgId, meterId, 'meters.manage')
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meters')
        .set({ retired_at: new Date() })
        .where('org_id', '=', org.id)
        .where('id', '=', meterId)
        .where('retired_at', 'is', null)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'meter.retired',
        targetType: 'meter',
        targetId: meterId,
      })
    })
    return c.body(null, 204)
  },
)
