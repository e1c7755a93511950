import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ConsumptionQuery, type ConsumptionResponse, MeterOrgParam } from '../../schema/api/meters.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { monthlyConsumption, yearAgainstPrevious } from '../../schema/meters/consumption.ts'
import { todayInFinland } from '../../schema/meters/validate.ts'
import { can } from '../../schema/policy.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeMeter, memberOrg } from './access.ts'
import { consumptionCsv } from './csv.ts'
import { historyOf } from './repository.ts'

/**
 * Consumption per month for the last twelve months against the same months a year earlier: of one
 * meter, of an apartment's meters of one kind (its residents and owners), or of a building's (the
 * board and staff). Summed only over meters of one unit. `?format=csv` for Excel.
 */
export const consumptionRoutes = new Hono<AppEnv>()

consumptionRoutes.get(
  '/:orgId/consumption',
  describeRoute({
    summary: 'Monthly consumption against the previous year (meter, apartment or building), JSON or CSV',
    tags: ['meters'],
  }),
  valid('param', MeterOrgParam),
  valid('query', ConsumptionQuery),
  async (c) => {
    const q = c.req.valid('query')
    const orgId = c.req.valid('param').orgId
    const { db } = c.get('deps')
    const principal = c.get('principal')
    let meterIds: { id: string; unit: string; kind: string }[]
    if (q.meterId) {
      const { meter } = await authorizeMeter(c, orgId, q.meterId, 'meters.read')
      meterIds = [{ id: meter.id, unit: meter.unit, kind: meter.kind }]
    } else {
      const org = await memberOrg(c, orgId)
      if (!q.kind) throw new AppError('validation_failed', 'kind: Give the kind of meter (or a meterId).')
      let place: { buildingId: string; apartmentId: string | null }
      if (q.apartmentId) {
        const apt = await db
          .selectFrom('apartments')
          .select(['id', 'building_id'])
          .where('org_id', '=', org.id)
          .where('id', '=', q.apartmentId)
          .executeTakeFirst()
        if (!apt) throw notFound('The apartment')
        place = { buildingId: apt.building_id, apartmentId: apt.id }
      } else if (q.buildingId) {
        place = { buildingId: q.buildingId, apartmentId: null }
      } else throw new AppError('validation_failed', 'Give a meterId, an apartmentId or a buildingId.')
      if (!can(principal, 'meters.read', { type: 'meters', org, place })) throw notFound('That place')
      let query = db
        .selectFrom('meters')
        .select(['id', 'unit', 'kind'])
        .where('org_id', '=', org.id)
        .where('kind', '=', q.kind)
        .where('building_id', '=', place.buildingId)
      if (place.apartmentId) query = query.where('apartment_id', '=', place.apartmentId)
      meterIds = await query.execute()
    }
    const units = new Set(meterIds.map((m) => m.unit))
    if (units.size > 1) {
      throw new AppError(
        'validation_failed',
        'These meters use different units; ask for one meter at a time.',
      )
    }
    const total = new Map<string, number>()
    for (const m of meterIds) {
      for (const [month, v] of monthlyConsumption(await historyOf(db, orgId, m.id))) {
        total.set(month, Math.round(((total.get(month) ?? 0) + v) * 1000) / 1000)
      }
    }
    const body: ConsumptionResponse = {
      unit: (meterIds[0]?.unit as ConsumptionResponse['unit']) ?? null,
      kind: (meterIds[0]?.kind as ConsumptionResponse['kind']) ?? q.kind ?? null,
      meters: meterIds.length,
      rows: yearAgainstPrevious(total, q.month ?? todayInFinland().slice(0, 7)),
    }
    if (q.format === 'csv') {
      const lang = q.lang ?? 'fi'
      return new Response(consumptionCsv(body, lang), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="consumption-${body.kind ?? 'meter'}.csv"`,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
        },
      })
    }
    return c.json(body)
  },
)
