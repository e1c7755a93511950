import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { GroupParam, LayoutBody, OrgParam } from '../../schema/api/dashboards.ts'
import { widgetsAllowed } from '../../schema/dashboards/widgets.ts'
import { AppError } from '../../schema/errors.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { authorizeDashboard } from './access.ts'
import { allDefaults, defaultFor, layoutFor } from './layouts.ts'

/**
 * `/api/dashboards/:orgId`: the caller's home dashboard in one organisation (GET), saved per user
 * so it follows them to every device (PUT), and back to the default (DELETE). The organisation's
 * staff set the default per role group under `/defaults/:group`.
 */
export const dashboardRoutes = new Hono<AppEnv>()
dashboardRoutes.use(requireAuth)

dashboardRoutes.get(
  '/:orgId',
  describeRoute({
    summary: 'My dashboard in an organisation, and the widgets I may add',
    tags: ['dashboards'],
  }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'dashboard.use')
    return c.json(await layoutFor(c.get('deps').db, c.get('principal'), org))
  },
)

dashboardRoutes.put(
  '/:orgId',
  describeRoute({ summary: 'Save my dashboard layout (order, sizes, which widgets)', tags: ['dashboards'] }),
  valid('param', OrgParam),
  valid('json', LayoutBody),
  async (c) => {
    const principal = c.get('principal')
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'dashboard.use')
    const { widgets } = c.req.valid('json')
    const allowed = widgetsAllowed(principal, org)
    const refused = widgets.find((w) => !allowed.includes(w.kind))
    if (refused) {
      throw new AppError('validation_failed', `The widget "${refused.kind}" is not available to you here.`, {
        details: { issues: [{ path: 'widgets', message: 'not available' }] },
      })
    }
    if (new Set(widgets.map((w) => w.kind)).size !== widgets.length) {
      throw new AppError('validation_failed', 'A widget may appear once.', {
        details: { issues: [{ path: 'widgets', message: 'repeated' }] },
      })
    }
    const { db } = c.get('deps')
    await db
      .insertInto('dashboard_layouts')
      .values({ user_id: principal.userId, org_id: org.id, widgets: jsonb(widgets), updated_at: new Date() })
      .onConflict((oc) =>
        oc.columns(['user_id', 'org_id']).doUpdateSet({ widgets: jsonb(widgets), updated_at: new Date() }),
      )
      .execute()
    return c.json(await layoutFor(db, principal, org))
  },
)

dashboardRoutes.delete(
  '/:orgId',
  describeRoute({ summary: "Reset my dashboard to the organisation's default", tags: ['dashboards'] }),
  valid('param', OrgParam),
  async (c) => {
    const principal = c.get('principal')
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'dashboard.use')
    const { db } = c.get('deps')
    await db
      .deleteFrom('dashboard_layouts')
      .where('user_id', '=', principal.userId)
      .where('org_id', '=', org.id)
      .execute()
    return c.json(await layoutFor(db, principal, org))
  },
)

dashboardRoutes.get(
  '/:orgId/defaults',
  describeRoute({ summary: "The organisation's default layout per role group", tags: ['dashboards'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeDashboard(c, c.req.valid('param').orgId, 'dashboard.defaults')
    return c.json({ defaults: await allDefaults(c.get('deps').db, org.id) })
  },
)

dashboardRoutes.put(
  '/:orgId/defaults/:group',
  describeRoute({ summary: 'Set the default layout of a role group', tags: ['dashboards'] }),
  valid('param', GroupParam),
  valid('json', LayoutBody),
  async (c) => {
    const { orgId, group } = c.req.valid('param')
    const org = await authorizeDashboard(c, orgId, 'dashboard.defaults')
    const { widgets } = c.req.valid('json')
    if (new Set(widgets.map((w) => w.kind)).size !== widgets.length) {
      throw new AppError('validation_failed', 'A widget may appear once.', {
        details: { issues: [{ path: 'widgets', message: 'repeated' }] },
      })
    }
    const { db } = c.get('deps')
    const actorId = c.get('principal').userId
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('dashboard_defaults')
        .values({
          org_id: org.id,
          role_group: group,
          widgets: jsonb(widgets),
          updated_by: actorId,
          updated_at: new Date(),
        })
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'role_group'])
            .doUpdateSet({ widgets: jsonb(widgets), updated_by: actorId, updated_at: new Date() }),
        )
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'dashboard.default_set',
        targetType: 'dashboard_default',
        details: { group, widgets: widgets.map((w) => w.kind) },
      })
    })
    return c.json(await defaultFor(db, org.id, group))
  },
)

dashboardRoutes.delete(
  '/:orgId/defaults/:group',
  describeRoute({ summary: 'Back to the built-in default layout of a role group', tags: ['dashboards'] }),
  valid('param', GroupParam),
  async (c) => {
    const { orgId, group } = c.req.valid('param')
    const org = await authorizeDashboard(c, orgId, 'dashboard.defaults')
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('dashboard_defaults')
        .where('org_id', '=', org.id)
        .where('role_group', '=', group)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'dashboard.default_reset',
        targetType: 'dashboard_default',
        details: { group },
      })
    })
    return c.json(await defaultFor(db, org.id, group))
  },
)
