import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { AuditQuery } from '../../schema/api/orgs.ts'
import { AppError } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { listAudit } from './auditLog.ts'

/** Platform administration: every organisation and the platform-wide audit log. */
export const adminRoutes = new Hono<AppEnv>()
adminRoutes.use(requireAuth)
adminRoutes.use(async (c, next) => {
  if (!can(c.get('principal'), 'orgs.list_all', { type: 'platform' })) {
    throw new AppError('forbidden', 'Only platform admins may do that.')
  }
  await next()
})

adminRoutes.get('/orgs', describeRoute({ summary: 'All organisations', tags: ['admin'] }), async (c) => {
  const organisations = await c
    .get('deps')
    .db.selectFrom('organisations as o')
    .leftJoin('organisations as m', 'm.id', 'o.managed_by')
    .select([
      'o.id',
      'o.name',
      'o.kind',
      'o.status',
      'o.business_id as businessId',
      'm.name as managedBy',
      'o.created_at as createdAt',
    ])
    .orderBy('o.name')
    .execute()
  return c.json({ organisations })
})

adminRoutes.get(
  '/audit',
  describeRoute({ summary: 'The platform-wide audit log, newest first', tags: ['admin'] }),
  valid('query', AuditQuery),
  async (c) => {
    const { before, limit } = c.req.valid('query')
    return c.json({ entries: await listAudit(c.get('deps').db, { orgId: null, before, limit }) })
  },
)
