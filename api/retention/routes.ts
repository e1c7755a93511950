import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { RetentionBody } from '../../schema/api/gdpr.ts'
import { AppError } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { settingsOf } from './job.ts'
import { retentionReport } from './rules.ts'

/**
 * /api/orgs/:id/retention: how long the organisation keeps closed cases, chat history and meter
 * readings (schema/policy/gdpr.ts says who), and the dry run: what the daily job
 * (api/retention/job.ts) would remove today. Another organisation's is not found (404).
 */
export const retentionRoutes = new Hono<AppEnv>()

async function authorize(
  c: Parameters<typeof authorizeOrg>[0],
  orgId: string,
  action: 'gdpr.retention.read' | 'gdpr.retention.manage',
) {
  const org = await authorizeOrg(c, orgId, 'org.read')
  if (!can(c.get('principal'), action, { type: 'gdpr', org }))
    throw new AppError('forbidden', "Only the organisation's admins and property managers manage retention.")
  return org
}

const KEPT = { closedCasesDays: null, chatDays: null, readingsDays: null }

retentionRoutes.get(
  '/:id/retention',
  describeRoute({
    summary: 'How long this organisation keeps closed cases, chat and readings',
    tags: ['gdpr'],
  }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorize(c, c.req.valid('param').id, 'gdpr.retention.read')
    const row = await c
      .get('deps')
      .db.selectFrom('retention_settings')
      .selectAll()
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    return c.json({ retention: row ? settingsOf(row) : KEPT })
  },
)

retentionRoutes.put(
  '/:id/retention',
  describeRoute({
    summary: 'Set how long this organisation keeps closed cases, chat and readings',
    tags: ['gdpr'],
  }),
  valid('param', IdParam),
  valid('json', RetentionBody),
  async (c) => {
    const org = await authorize(c, c.req.valid('param').id, 'gdpr.retention.manage')
    const body = c.req.valid('json')
    const values = {
      closed_cases_days: body.closedCasesDays,
      chat_days: body.chatDays,
      readings_days: body.readingsDays,
      updated_by: c.get('session').userId,
      updated_at: new Date(),
    }
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('retention_settings')
          .values({ org_id: org.id, ...values })
          .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId: c.get('session').userId,
          action: 'retention.changed',
          targetType: 'organisation',
          targetId: org.id,
          details: { ...body },
        })
      })
    return c.json({ retention: body })
  },
)

retentionRoutes.post(
  '/:id/retention/dry-run',
  describeRoute({
    summary: 'What the daily retention job would remove today (removes nothing)',
    tags: ['gdpr'],
  }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorize(c, c.req.valid('param').id, 'gdpr.retention.read')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('retention_settings')
      .selectAll()
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    const report = await retentionReport(db, org.id, row ? settingsOf(row) : KEPT)
    await audit(db, {
      orgId: org.id,
      actorId: c.get('session').userId,
      action: 'retention.dry_run',
      targetType: 'organisation',
      targetId: org.id,
      details: { ...report },
    })
    return c.json({ report })
  },
)
