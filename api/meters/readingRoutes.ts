import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  type FlaggedReading,
  MeterOrgParam,
  MeterParams,
  NewReading,
  ReadingParams,
  ReviewDecision,
} from '../../schema/api/meters.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeMeter, authorizeMeters } from './access.ts'
import { meterSelect, placeOf, readingSelect, summarise, toReadingRow } from './repository.ts'
import { announceReadings } from './roundNotices.ts'
import { submitReading } from './submitReading.ts'

/** Readings: a meter's history, submitting one, and staff settling the flagged ones. */
export const readingRoutes = new Hono<AppEnv>()

readingRoutes.get(
  '/:orgId/review',
  describeRoute({
    summary: 'Readings flagged for review, in the buildings the caller serves',
    tags: ['meters'],
  }),
  valid('param', MeterOrgParam),
  async (c) => {
    const { orgId } = c.req.valid('param')
    const org = await authorizeMeters(c, orgId, 'meters.manage')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const rows = await readingSelect(db)
      .innerJoin('meters as m', (j) => j.onRef('m.id', '=', 'r.meter_id').onRef('m.org_id', '=', 'r.org_id'))
      .innerJoin('buildings as b', 'b.id', 'm.building_id')
      .leftJoin('apartments as a', 'a.id', 'm.apartment_id')
      .select([
        'm.kind',
        'm.serial',
        'm.unit',
        'm.building_id',
        'b.name as building_name',
        'm.apartment_id',
        'a.number as apartment_number',
      ])
      .where('r.org_id', '=', org.id)
      .where('r.status', '=', 'flagged')
      .orderBy('r.created_at')
      .limit(500)
      .execute()
    const mine = rows.filter((r) =>
      can(principal, 'meters.manage', { type: 'meters', org, place: placeOf(r) }),
    )
    const previous = new Map<string, { value: number; readOn: string }>()
    for (const r of mine) {
      const p = await db
        .selectFrom('meter_readings')
        .select([
          'value',
          (eb) => eb.fn<string>('to_char', [eb.ref('read_on'), eb.val('YYYY-MM-DD')]).as('read_on'),
        ])
        .where('org_id', '=', org.id)
        .where('meter_id', '=', r.meter_id)
        .where('status', '!=', 'rejected')
        .where('id', '!=', r.id)
        .where('read_on', '<=', r.read_on)
        .orderBy('read_on', 'desc')
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (p) previous.set(r.id, { value: Number(p.value), readOn: p.read_on })
    }
    const readings: FlaggedReading[] = mine.map((r) => ({
      ...toReadingRow(r),
      meter: { id: r.meter_id, kind: r.kind, serial: r.serial, unit: r.unit },
      building: { id: r.building_id, name: r.building_name },
      apartment: r.apartment_id ? { id: r.apartment_id, number: r.apartment_number ?? '' } : null,
      previous: previous.get(r.id) ?? null,
    }))
    return c.json({ readings })
  },
)

readingRoutes.get(
  '/:orgId/:meterId/readings',
  describeRoute({ summary: 'A meter and its readings, newest first', tags: ['meters'] }),
  valid('param', MeterParams),
  async (c) => {
    const { orgId, meterId } = c.req.valid('param')
    const { org } = await authorizeMeter(c, orgId, meterId, 'meters.read')
    const { db } = c.get('deps')
    const [meterRows, rows] = await Promise.all([
      meterSelect(db).where('m.org_id', '=', org.id).where('m.id', '=', meterId).execute(),
      readingSelect(db)
        .where('r.org_id', '=', org.id)
        .where('r.meter_id', '=', meterId)
        .orderBy('r.read_on', 'desc')
        .orderBy('r.created_at', 'desc')
        .limit(200)
        .execute(),
    ])
    const [meter] = summarise(c.get('principal'), org, meterRows)
    if (!meter) throw notFound('The meter')
    return c.json({ meter, readings: rows.map(toReadingRow) })
  },
)

readingRoutes.post(
  '/:orgId/:meterId/readings',
  describeRoute({
    summary:
      'Submit a reading: refused (422, details.reason) for a future date or a value below the previous one unless a meter change; flagged for review when outside the meter history',
    tags: ['meters'],
  }),
  valid('param', MeterParams),
  valid('json', NewReading),
  async (c) => {
    const { orgId, meterId } = c.req.valid('param')
    const input = c.req.valid('json')
    const { org, place } = await authorizeMeter(c, orgId, meterId, 'meters.submit')
    const principal = c.get('principal')
    const staff = can(principal, 'meters.manage', { type: 'meters', org, place })
    const { db } = c.get('deps')
    const { id, judgement } = await db.transaction().execute(async (trx) => {
      const result = await submitReading(trx, {
        orgId: org.id,
        meterId,
        input,
        source: staff ? 'staff' : 'resident',
        submittedBy: principal.userId,
      })
      await audit(trx, {
        orgId: org.id,
        actorId: principal.userId,
        action: 'meter.reading_submitted',
        targetType: 'meter_reading',
        targetId: result.id,
        details: { meterId, value: input.value, readOn: input.readOn, status: result.judgement.status },
      })
      return result
    })
    const row = await readingSelect(db)
      .where('r.org_id', '=', org.id)
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow()
    return c.json({ reading: toReadingRow(row), expectedPerDay: judgement.expectedPerDay }, 201)
  },
)

readingRoutes.post(
  '/:orgId/readings/:readingId/review',
  describeRoute({ summary: 'Settle a flagged reading: accept or reject it', tags: ['meters'] }),
  valid('param', ReadingParams),
  valid('json', ReviewDecision),
  async (c) => {
    const { orgId, readingId } = c.req.valid('param')
    const { decision } = c.req.valid('json')
    const { db } = c.get('deps')
    const reading = await db
      .selectFrom('meter_readings')
      .select(['meter_id', 'status', sql<string>`to_char(read_on, 'YYYY-MM-DD')`.as('read_on')])
      .where('org_id', '=', orgId)
      .where('id', '=', readingId)
      .executeTakeFirst()
    if (!reading) throw notFound('The reading')
    const { org } = await authorizeMeter(c, orgId, reading.meter_id, 'meters.manage')
    if (reading.status !== 'flagged') throw new AppError('conflict', 'Only a flagged reading is reviewed.')
    const actorId = c.get('principal').userId
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meter_readings')
        .set({ status: decision, reviewed_by: actorId, reviewed_at: new Date() })
        .where('org_id', '=', org.id)
        .where('id', '=', readingId)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: `meter.reading_${decision}`,
        targetType: 'meter_reading',
        targetId: readingId,
      })
      // A rejected reading no longer counts as sent; an accepted one changes its status shown.
      await announceReadings(trx, org.id, [{ meterId: reading.meter_id, readOn: reading.read_on }])
    })
    const row = await readingSelect(db)
      .where('r.org_id', '=', org.id)
      .where('r.id', '=', readingId)
      .executeTakeFirstOrThrow()
    return c.json({ reading: toReadingRow(row) })
  },
)
