import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  ApartmentParam,
  BuildingParam,
  type ServiceEntry,
  type ServiceHistory,
} from '../../schema/api/dashboards.ts'
import { notFound } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { authorizeDashboard } from '../dashboards/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { loadApartment, loadBuilding } from './place.ts'

/**
 * Service history (issue 17): the cases done at a building or an apartment — resolved or closed,
 * by whom and when — from the cases and their status history. Read by the manager, the org admin,
 * the board, maintenance staff serving the building and owners for their apartment
 * (`history.read`). An entry names the work (title, category, dates, who did it), never the
 * case's conversation, so an owner reading their apartment's history learns what was done there,
 * not what a tenant wrote. Board tasks carry no place, so they are not part of it.
 */
export const historyRoutes = new Hono<AppEnv>()
historyRoutes.use(requireAuth)

const LIMIT = 200

async function entries(db: DB, orgId: string, where: { buildingId: string; apartmentId: string | null }) {
  let q = db
    .selectFrom('cases as c')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .leftJoin('apartments as ap', (j) =>
      j.onRef('ap.id', '=', 'c.apartment_id').onRef('ap.org_id', '=', 'c.org_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.id', '=', 'c.building_id').onRef('b.org_id', '=', 'c.org_id'),
    )
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.category',
      'c.status',
      'c.created_at',
      'a.name as assignee',
      'ap.number as apartment',
      'b.name as building',
    ])
    .select((eb) => [
      // The last time it became resolved or closed, and who did that.
      eb
        .selectFrom('case_status_history as h')
        .select('h.changed_at')
        .whereRef('h.case_id', '=', 'c.id')
        .whereRef('h.org_id', '=', 'c.org_id')
        .where('h.status', 'in', ['resolved', 'closed'])
        .orderBy('h.seq', 'desc')
        .limit(1)
        .as('done_at'),
      eb
        .selectFrom('case_status_history as h')
        .leftJoin('users as u', 'u.id', 'h.changed_by')
        .select('u.name')
        .whereRef('h.case_id', '=', 'c.id')
        .whereRef('h.org_id', '=', 'c.org_id')
        .where('h.status', 'in', ['resolved', 'closed'])
        .orderBy('h.seq', 'desc')
        .limit(1)
        .as('done_by'),
    ])
    .where('c.org_id', '=', orgId)
    .where('c.status', 'in', ['resolved', 'closed'])
    .where('c.building_id', '=', where.buildingId)
  if (where.apartmentId) q = q.where('c.apartment_id', '=', where.apartmentId)
  const rows = await q.orderBy(sql`c.updated_at`, 'desc').limit(LIMIT).execute()
  return rows.map(
    (r): ServiceEntry => ({
      caseId: r.id,
      number: r.number,
      title: r.title,
      category: r.category,
      status: r.status as 'resolved' | 'closed',
      place: [r.building, r.apartment].filter(Boolean).join(' · '),
      reportedAt: new Date(r.created_at).toISOString(),
      doneAt: new Date(r.done_at ?? r.created_at).toISOString(),
      doneBy: r.assignee ?? r.done_by ?? null,
    }),
  )
}

historyRoutes.get(
  '/:orgId/buildings/:buildingId',
  describeRoute({ summary: 'Service history of a building', tags: ['apartments'] }),
  valid('param', BuildingParam),
  async (c) => {
    const { orgId, buildingId } = c.req.valid('param')
    const { db } = c.get('deps')
    const building = await loadBuilding(db, orgId, buildingId)
    if (!building) {
      await authorizeDashboard(c, orgId, 'orginfo.read')
      throw notFound('That place')
    }
    const place = { buildingId, apartmentId: null }
    const org = await authorizeDashboard(c, orgId, 'history.read', place)
    const history: ServiceHistory = {
      place: { ...place, label: building.name },
      entries: await entries(db, org.id, place),
    }
    return c.json(history)
  },
)

historyRoutes.get(
  '/:orgId/apartments/:apartmentId',
  describeRoute({ summary: 'Service history of an apartment', tags: ['apartments'] }),
  valid('param', ApartmentParam),
  async (c) => {
    const { orgId, apartmentId } = c.req.valid('param')
    const { db } = c.get('deps')
    const apt = await loadApartment(db, orgId, apartmentId)
    if (!apt) {
      await authorizeDashboard(c, orgId, 'orginfo.read')
      throw notFound('That place')
    }
    const place = { buildingId: apt.building_id, apartmentId: apt.id }
    const org = await authorizeDashboard(c, orgId, 'history.read', place)
    const history: ServiceHistory = {
      place: { ...place, label: `${apt.name} · ${apt.number}` },
      entries: await entries(db, org.id, place),
    }
    return c.json(history)
  },
)
