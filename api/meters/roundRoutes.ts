import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  MeterOrgParam,
  NewRound,
  type RoundDetail,
  RoundParams,
  type RoundSummary,
} from '../../schema/api/meters.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import type { MeterKind } from '../../schema/meters/kinds.ts'
import { can, type OrgRef } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeBuilding, memberOrg } from './access.ts'
import { announceRoundChanged, announceRoundOpened } from './roundNotices.ts'

/**
 * Reading rounds: staff ask a building for readings between two dates ("water, end of quarter").
 * Who has submitted is computed from the readings themselves (a reading of the round's kind dated
 * within the round, not rejected), so a reading counts however it came (phone, staff, import).
 * Residents see the open rounds that include their apartment's meters, with their own progress.
 */
export const roundRoutes = new Hono<AppEnv>()

interface RoundRow {
  id: string
  building_id: string
  building_name: string
  title: string
  kind: MeterKind | null
  opens_on: string
  due_on: string
  closed_at: Date | null
}

function roundSelect(db: DB, orgId: string) {
  return db
    .selectFrom('reading_rounds as r')
    .innerJoin('buildings as b', 'b.id', 'r.building_id')
    .select([
      'r.id',
      'r.building_id',
      'b.name as building_name',
      'r.title',
      'r.kind',
      sql<string>`to_char(r.opens_on, 'YYYY-MM-DD')`.as('opens_on'),
      sql<string>`to_char(r.due_on, 'YYYY-MM-DD')`.as('due_on'),
      'r.closed_at',
    ])
    .where('r.org_id', '=', orgId)
}

/** Each meter the round asks for, with its reading within the round (latest), if any. */
async function roundMeters(db: DB, orgId: string, round: RoundRow, apartmentIds?: readonly string[]) {
  let meters = db
    .selectFrom('meters as m')
    .leftJoin('apartments as a', 'a.id', 'm.apartment_id')
    .select(['m.id', 'm.kind', 'm.serial', 'm.unit', 'm.apartment_id', 'a.number as apartment_number'])
    .where('m.org_id', '=', orgId)
    .where('m.building_id', '=', round.building_id)
    .where('m.retired_at', 'is', null)
  if (round.kind) meters = meters.where('m.kind', '=', round.kind)
  if (apartmentIds)
    meters = meters.where('m.apartment_id', 'in', apartmentIds.length ? [...apartmentIds] : [''])
  const rows = await meters.orderBy('a.number').orderBy('m.kind').execute()
  const readings = rows.length
    ? await db
        .selectFrom('meter_readings as r')
        .leftJoin('users as u', 'u.id', 'r.submitted_by')
        .distinctOn('r.meter_id')
        .select([
          'r.meter_id',
          'r.value',
          sql<string>`to_char(r.read_on, 'YYYY-MM-DD')`.as('read_on'),
          'r.status',
          'u.name',
        ])
        .where('r.org_id', '=', orgId)
        .where(
          'r.meter_id',
          'in',
          rows.map((m) => m.id),
        )
        .where('r.status', '!=', 'rejected')
        .where('r.read_on', '>=', round.opens_on)
        .where('r.read_on', '<=', round.due_on)
        .orderBy('r.meter_id')
        .orderBy('r.read_on', 'desc')
        .orderBy('r.created_at', 'desc')
        .execute()
    : []
  const byMeter = new Map(readings.map((r) => [r.meter_id, r]))
  return rows.map((m) => {
    const r = byMeter.get(m.id)
    return {
      meterId: m.id,
      kind: m.kind,
      serial: m.serial,
      unit: m.unit,
      apartment: m.apartment_id ? { id: m.apartment_id, number: m.apartment_number ?? '' } : null,
      reading: r ? { value: Number(r.value), readOn: r.read_on, status: r.status, by: r.name } : null,
    }
  })
}

const summaryOf = (r: RoundRow, meters: { reading: unknown }[]): RoundSummary => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  building: { id: r.building_id, name: r.building_name },
  opensOn: r.opens_on,
  dueOn: r.due_on,
  closed: r.closed_at !== null,
  submitted: meters.filter((m) => m.reading !== null).length,
  expected: meters.length,
})

const seesBuilding = (
  c: { get: (k: 'principal') => import('../../schema/policy.ts').Principal },
  org: OrgRef,
  buildingId: string,
) => can(c.get('principal'), 'meters.read', { type: 'meters', org, place: { buildingId, apartmentId: null } })

roundRoutes.get(
  '/:orgId/rounds',
  describeRoute({
    summary:
      'Reading rounds: every round of the buildings the caller oversees, or the open rounds for their apartment',
    tags: ['meters'],
  }),
  valid('param', MeterOrgParam),
  async (c) => {
    const org = await memberOrg(c, c.req.valid('param').orgId)
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const rows = (await roundSelect(db, org.id)
      .orderBy('r.due_on', 'desc')
      .limit(100)
      .execute()) as RoundRow[]
    const homes = principal.memberships
      .filter((m) => m.orgId === org.id && m.apartmentId)
      .map((m) => m.apartmentId!)
    const rounds: (RoundSummary & { mine: boolean })[] = []
    for (const r of rows) {
      if (seesBuilding(c, org, r.building_id)) {
        rounds.push({ ...summaryOf(r, await roundMeters(db, org.id, r)), mine: false })
      } else if (r.closed_at === null && homes.length > 0) {
        const own = await roundMeters(db, org.id, r, homes)
        if (own.length > 0) rounds.push({ ...summaryOf(r, own), mine: true })
      }
    }
    return c.json({ rounds })
  },
)

roundRoutes.post(
  '/:orgId/rounds',
  describeRoute({ summary: 'Open a reading round for a building', tags: ['meters'] }),
  valid('param', MeterOrgParam),
  valid('json', NewRound),
  async (c) => {
    const org = await memberOrg(c, c.req.valid('param').orgId)
    const body = c.req.valid('json')
    if (body.dueOn < body.opensOn)
      throw new AppError('validation_failed', 'dueOn: The round must end after it opens.')
    await authorizeBuilding(c, org, body.buildingId, null, 'meters.manage')
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('reading_rounds')
        .values({
          org_id: org.id,
          building_id: body.buildingId,
          title: body.title,
          kind: body.kind,
          opens_on: body.opensOn,
          due_on: body.dueOn,
          created_by: actorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'meter.round_opened',
        targetType: 'reading_round',
        targetId: row.id,
      })
      await announceRoundOpened(trx, org.id, row.id, actorId)
      return row.id
    })
    const round = (await roundSelect(db, org.id).where('r.id', '=', id).executeTakeFirstOrThrow()) as RoundRow
    return c.json({ round: summaryOf(round, await roundMeters(db, org.id, round)) }, 201)
  },
)

async function loadRound(c: Parameters<typeof memberOrg>[0], orgId: string, roundId: string) {
  const org = await memberOrg(c, orgId)
  const round = (await roundSelect(c.get('deps').db, org.id)
    .where('r.id', '=', roundId)
    .executeTakeFirst()) as RoundRow | undefined
  if (!round || !seesBuilding(c, org, round.building_id)) throw notFound('The round')
  return { org, round }
}

roundRoutes.get(
  '/:orgId/rounds/:roundId',
  describeRoute({
    summary: 'A round: each meter it asks for and whether (and by whom) it was read',
    tags: ['meters'],
  }),
  valid('param', RoundParams),
  async (c) => {
    const { orgId, roundId } = c.req.valid('param')
    const { org, round } = await loadRound(c, orgId, roundId)
    const meters = await roundMeters(c.get('deps').db, org.id, round)
    const detail: RoundDetail = { ...summaryOf(round, meters), meters }
    return c.json({ round: detail })
  },
)

roundRoutes.post(
  '/:orgId/rounds/:roundId/close',
  describeRoute({ summary: 'Close a round', tags: ['meters'] }),
  valid('param', RoundParams),
  async (c) => {
    const { orgId, roundId } = c.req.valid('param')
    const { org, round } = await loadRound(c, orgId, roundId)
    await authorizeBuilding(c, org, round.building_id, null, 'meters.manage')
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      const closed = await trx
        .updateTable('reading_rounds')
        .set({ closed_at: new Date() })
        .where('org_id', '=', org.id)
        .where('id', '=', roundId)
        .where('closed_at', 'is', null)
        .executeTakeFirst()
      if (Number(closed.numUpdatedRows) > 0) await announceRoundChanged(trx, org.id, roundId)
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'meter.round_closed',
        targetType: 'reading_round',
        targetId: roundId,
      })
    })
    return c.body(null, 204)
  },
)
