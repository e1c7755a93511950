import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { type OrgInfo, OrgInfoBody, OrgParam } from '../../schema/api/dashboards.ts'
import { dashboardAbilitiesIn } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import { authorizeDashboard } from '../dashboards/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { linkRoutes, linksOf } from './linkRoutes.ts'

/**
 * `/api/orginfo/:orgId`: the cooperative's information page — contacts ("who do I call"),
 * office hours, the emergency number and house rules — read by every member, edited by staff and
 * the board; with the external links (`linkRoutes.ts`) in the same answer.
 */
export const orgInfoRoutes = new Hono<AppEnv>()
orgInfoRoutes.use(requireAuth)
orgInfoRoutes.route('/', linkRoutes)

const EMPTY: OrgInfo = {
  contacts: [],
  officeHours: '',
  emergencyPhone: '',
  houseRules: '',
  updatedAt: null,
  updatedBy: null,
}

async function infoOf(db: DB, orgId: string): Promise<OrgInfo> {
  const row = await db
    .selectFrom('org_info as i')
    .leftJoin('users as u', 'u.id', 'i.updated_by')
    .select(['i.contacts', 'i.office_hours', 'i.emergency_phone', 'i.house_rules', 'i.updated_at', 'u.name'])
    .where('i.org_id', '=', orgId)
    .executeTakeFirst()
  if (!row) return EMPTY
  return {
    contacts: row.contacts,
    officeHours: row.office_hours,
    emergencyPhone: row.emergency_phone,
    houseRules: row.house_rules,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.name,
  }
}

orgInfoRoutes.get(
  '/:orgId',
  describeRoute({ summary: "The cooperative's information page and external links", tags: ['orginfo'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'orginfo.read')
    const { db } = c.get('deps')
    const [info, links] = await Promise.all([infoOf(db, org.id), linksOf(db, org.id)])
    return c.json({ info, links, abilities: dashboardAbilitiesIn(c.get('principal'), org) })
  },
)

orgInfoRoutes.put(
  '/:orgId',
  describeRoute({ summary: "Edit the cooperative's information page", tags: ['orginfo'] }),
  valid('param', OrgParam),
  valid('json', OrgInfoBody),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'orginfo.edit')
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    const values = {
      contacts: jsonb(body.contacts),
      office_hours: body.officeHours,
      emergency_phone: body.emergencyPhone,
      house_rules: body.houseRules,
      updated_by: actorId,
      updated_at: new Date(),
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('org_info')
        .values({ org_id: org.id, ...values })
        .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'orginfo.updated',
        targetType: 'org_info',
        targetId: org.id,
        details: { contacts: body.contacts.length },
      })
    })
    return c.json({ info: await infoOf(db, org.id) })
  },
)
