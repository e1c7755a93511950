import { stringify } from 'csv-stringify/sync'
import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { type ActivityEntry, ActivityQuery } from '../../schema/api/gdpr.ts'
import { AppError } from '../../schema/errors.ts'
import { describeActivity } from '../../schema/i18n/activity.ts'
import { can } from '../../schema/policy.ts'
import type { Language } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'

/**
 * Activity history (issue 18) from the audit trail, described in the reader's language
 * (schema/i18n/activity.ts), never as raw keys or details: `/api/gdpr/activity` is a person's own
 * (what they did, and what was done to their account); `/api/orgs/:id/activity` an organisation's,
 * for its admins, property managers and auditor (`gdpr.activity.read`). Both filter by date and
 * download as CSV.
 */
const LIMIT = 500

type Filters = { from?: string | undefined; to?: string | undefined }

async function entries(
  db: DB,
  language: Language,
  where: { actorOrTarget: string } | { orgId: string },
  f: Filters,
): Promise<ActivityEntry[]> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.action', 'a.details', 'u.name as actor'])
  q =
    'orgId' in where
      ? q.where('a.org_id', '=', where.orgId)
      : q.where((eb) =>
          eb.or([
            eb('a.actor_id', '=', where.actorOrTarget),
            eb.and([eb('a.target_type', '=', 'user'), eb('a.target_id', '=', where.actorOrTarget)]),
          ]),
        )
  if (f.from) q = q.where('a.at', '>=', new Date(`${f.from}T00:00:00Z`))
  if (f.to) q = q.where('a.at', '<', new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000))
  const rows = await q.orderBy('a.id', 'desc').limit(LIMIT).execute()
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    action: r.action,
    description: describeActivity(language, { action: r.action, details: r.details ?? {} }),
    actor: r.actor,
  }))
}

async function languageOf(db: DB, userId: string): Promise<Language> {
  const u = await db.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirst()
  return u?.language ?? 'fi'
}

function answer(c: Context<AppEnv>, list: ActivityEntry[], csv: boolean) {
  if (!csv) return c.json({ entries: list })
  const body = stringify(
    list.map((e) => [e.at, e.actor ?? '', e.description, e.action]),
    { header: true, columns: ['at', 'actor', 'description', 'action'] },
  )
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="activity.csv"',
  })
}

/** Mounted at /api/gdpr/activity. */
export const activityRoutes = new Hono<AppEnv>()
activityRoutes.get(
  '/',
  describeRoute({ summary: 'My activity history, described in my language', tags: ['gdpr'] }),
  requireAuth,
  valid('query', ActivityQuery),
  async (c) => {
    const { db } = c.get('deps')
    const userId = c.get('session').userId
    const q = c.req.valid('query')
    const list = await entries(db, await languageOf(db, userId), { actorOrTarget: userId }, q)
    return answer(c, list, q.format === 'csv')
  },
)

/** Mounted under /api/orgs. */
export const orgActivityRoutes = new Hono<AppEnv>()
orgActivityRoutes.get(
  '/:id/activity',
  describeRoute({ summary: "An organisation's activity history, described", tags: ['gdpr'] }),
  valid('param', IdParam),
  valid('query', ActivityQuery),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.read')
    if (!can(c.get('principal'), 'gdpr.activity.read', { type: 'gdpr', org }))
      throw new AppError(
        'forbidden',
        "Only the organisation's admins, property managers and auditor read its history.",
      )
    const { db } = c.get('deps')
    const q = c.req.valid('query')
    const list = await entries(db, await languageOf(db, c.get('session').userId), { orgId: org.id }, q)
    return answer(c, list, q.format === 'csv')
  },
)
