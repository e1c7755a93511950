import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  ApartmentParam,
  type ApartmentSummary,
  type ApartmentView,
  OrgParam,
} from '../../schema/api/dashboards.ts'
import { notFound } from '../../schema/errors.ts'
import { can, rolesIn } from '../../schema/policy.ts'
import type { Role } from '../../schema/roles.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { visibleTo } from '../cases/list.ts'
import { authorizeDashboard } from '../dashboards/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { loadApartment } from './place.ts'

/**
 * "My apartment" (issue 17): `GET /api/apartments/:orgId/mine` lists the apartments the caller
 * owns or lives in; `GET /api/apartments/:orgId/:apartmentId` gives one apartment's facts and its
 * cases (the cases list's SQL twin of case.read, so nobody sees a case here they could not open).
 * Its meters, bookings, documents and finances come from those domains' own endpoints.
 */
export const apartmentRoutes = new Hono<AppEnv>()
apartmentRoutes.use(requireAuth)

const DWELLERS: readonly Role[] = ['owner', 'owner_representative', 'resident']
const OWNERS: readonly Role[] = ['owner', 'owner_representative']
const SHARE_READERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']

apartmentRoutes.get(
  '/:orgId/mine',
  describeRoute({ summary: 'The apartments I own or live in, in one cooperative', tags: ['apartments'] }),
  valid('param', OrgParam),
  async (c) => {
    const principal = c.get('principal')
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'orginfo.read')
    const ids = [
      ...new Set(
        principal.memberships.flatMap((m) =>
          m.orgId === org.id && DWELLERS.includes(m.role) && m.apartmentId ? [m.apartmentId] : [],
        ),
      ),
    ]
    if (ids.length === 0 || rolesIn(principal, org).size === 0) return c.json({ apartments: [] })
    const rows = await c
      .get('deps')
      .db.selectFrom('apartments as a')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.id', '=', 'a.building_id').onRef('b.org_id', '=', 'a.org_id'),
      )
      .select(['a.id', 'a.number', 'b.id as building_id', 'b.name', 'b.address'])
      .where('a.org_id', '=', org.id)
      .where('a.id', 'in', ids)
      .orderBy('b.name')
      .orderBy('a.number')
      .execute()
    const apartments: ApartmentSummary[] = rows.map((r) => ({
      id: r.id,
      number: r.number,
      building: { id: r.building_id, name: r.name, address: r.address },
    }))
    return c.json({ apartments })
  },
)

apartmentRoutes.get(
  '/:orgId/:apartmentId',
  describeRoute({ summary: 'One apartment: its facts and its cases', tags: ['apartments'] }),
  valid('param', ApartmentParam),
  async (c) => {
    const { orgId, apartmentId } = c.req.valid('param')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const apt = await loadApartment(db, orgId, apartmentId)
    if (!apt) {
      // Still 404 for outsiders through the same check, and for an id of another cooperative.
      await authorizeDashboard(c, orgId, 'orginfo.read')
      throw notFound('That place')
    }
    const place = { buildingId: apt.building_id, apartmentId: apt.id }
    const org = await authorizeDashboard(c, orgId, 'apartment.read', place)
    const roles = rolesIn(principal, org)
    const cases = await db
      .selectFrom('cases as c')
      .select(['c.id', 'c.number', 'c.title', 'c.status', 'c.created_at'])
      .where(visibleTo(principal, org))
      .where('c.org_id', '=', org.id)
      .where('c.apartment_id', '=', apt.id)
      .orderBy(sql`c.status IN ('resolved','closed')`)
      .orderBy('c.created_at', 'desc')
      .limit(50)
      .execute()
    const loaded = await loadOrgRef(db, org.id)
    const view: ApartmentView = {
      id: apt.id,
      number: apt.number,
      building: { id: apt.building_id, name: apt.name, address: apt.address },
      areaM2: Number(apt.area_m2),
      shareCount:
        SHARE_READERS.some((r) => roles.has(r)) ||
        principal.memberships.some(
          (m) => m.orgId === org.id && OWNERS.includes(m.role) && m.apartmentId === apt.id,
        )
          ? apt.share_count
          : null,
      cases: cases.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      abilities: {
        finance:
          !!loaded &&
          can(principal, 'finance.apartment.read', {
            type: 'finance',
            org: loaded,
            apartment: { id: apt.id, heldBy: [] },
          }),
        history: can(principal, 'history.read', { type: 'dashboard', org, place }),
      },
    }
    return c.json(view)
  },
)
