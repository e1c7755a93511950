import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { z } from 'zod'
import { Uuid } from '../../schema/api/common.ts'
import {
  AnnouncementReachInput,
  type Channel,
  type DeliveryStatusName,
  emptyTotals,
  type PlatformAnnouncementStatus,
} from '../../schema/communications/api.ts'
import { notFound } from '../../schema/errors.ts'
import { canOnCommunications } from '../../schema/policy/communications.ts'
import { platformAnnouncementReach } from '../../server/communications/announcementReach.ts'
import type { DB } from '../../server/db/connect.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * Platform-wide announcements, their reach before publishing and how their email/SMS fan-out is
 * going, for platform admins (`/api/announcements/platform`). Anyone else gets 404: they do not
 * learn what exists.
 */
export const platformAnnouncementRoutes = new Hono<AppEnv>()

platformAnnouncementRoutes.use(async (c, next) => {
  const allowed = canOnCommunications(c.get('principal'), 'announcements.publish', {
    type: 'communications',
    org: null,
  })
  if (!allowed) throw notFound('The page')
  await next()
})

platformAnnouncementRoutes.get(
  '/',
  describeRoute({ summary: 'Platform-wide announcements with delivery counts', tags: ['communications'] }),
  async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ announcements: await statuses(c.get('deps').db) })
  },
)

platformAnnouncementRoutes.post(
  '/reach',
  describeRoute({
    summary: 'Who a platform-wide announcement would reach, per channel, before publishing',
    tags: ['communications'],
  }),
  valid('json', AnnouncementReachInput),
  async (c) => {
    const { severity, orgIds } = c.req.valid('json')
    c.header('Cache-Control', 'no-store')
    return c.json(await platformAnnouncementReach(c.get('deps').db, orgIds ?? null, severity))
  },
)

platformAnnouncementRoutes.get(
  '/:id',
  describeRoute({ summary: 'One platform-wide announcement with delivery counts', tags: ['communications'] }),
  valid('param', z.strictObject({ id: Uuid })),
  async (c) => {
    const [one] = await statuses(c.get('deps').db, c.req.valid('param').id)
    if (!one) throw notFound('The announcement')
    c.header('Cache-Control', 'no-store')
    return c.json(one)
  },
)

async function statuses(db: DB, id?: string): Promise<PlatformAnnouncementStatus[]> {
  let q = db
    .selectFrom('announcements')
    .select([
      'id',
      'severity',
      'starts_at',
      'ends_at',
      'texts',
      'withdrawn_at',
      'target_org_ids',
      'fanout_cursor',
      'fanout_done_at',
    ])
    .where('org_id', 'is', null)
    .orderBy('starts_at', 'desc')
    .limit(30)
  if (id) q = q.where('id', '=', id)
  const rows = await q.execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const sends = await db
    .selectFrom('communications')
    .select([
      'announcement_id',
      sql<string>`count(*)`.as('n'),
      sql<string>`sum(recipient_count)`.as('people'),
    ])
    .where('announcement_id', 'in', ids)
    .groupBy('announcement_id')
    .execute()
  const counts = await db
    .selectFrom('communication_deliveries as d')
    .innerJoin('communications as c', (j) =>
      j.onRef('c.id', '=', 'd.communication_id').onRef('c.org_id', '=', 'd.org_id'),
    )
    .select(['c.announcement_id', 'd.channel', 'd.status', sql<string>`count(*)`.as('n')])
    .where('c.announcement_id', 'in', ids)
    .groupBy(['c.announcement_id', 'd.channel', 'd.status'])
    .execute()
  return rows.map((r) => {
    const texts = (typeof r.texts === 'string' ? JSON.parse(r.texts) : r.texts) as Record<
      string,
      { title: string }
    >
    const targets = typeof r.target_org_ids === 'string' ? JSON.parse(r.target_org_ids) : r.target_org_ids
    const s = sends.find((x) => x.announcement_id === r.id)
    const perChannel = new Map<Channel, Record<DeliveryStatusName, number>>()
    for (const n of counts.filter((x) => x.announcement_id === r.id)) {
      const t = perChannel.get(n.channel) ?? emptyTotals()
      t[n.status] += Number(n.n)
      perChannel.set(n.channel, t)
    }
    return {
      id: r.id,
      severity: r.severity,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      title: texts.fi?.title ?? '',
      withdrawn: r.withdrawn_at !== null,
      orgIds: targets ?? null,
      fanout:
        r.severity !== 'critical'
          ? 'none'
          : r.fanout_done_at
            ? 'done'
            : r.fanout_cursor || s
              ? 'running'
              : 'pending',
      sends: Number(s?.n ?? 0),
      recipients: Number(s?.people ?? 0),
      perChannel: [...perChannel].map(([channel, totals]) => ({ channel, totals })),
    }
  })
}
