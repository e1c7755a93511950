import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { z } from 'zod'
import { Uuid } from '../../schema/api/common.ts'
import {
  AnnouncementInput,
  AnnouncementReachInput,
  type AnnouncementView,
  OrgParam,
} from '../../schema/communications/api.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { canOnCommunications } from '../../schema/policy/communications.ts'
import { type OrgRef, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { orgAnnouncementReach } from '../../server/communications/announcementReach.ts'
import { countAudience } from '../../server/communications/audience.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeCommunications } from './access.ts'
import { checkSendRate } from './rateLimit.ts'

/**
 * Announcements: platform-wide ones by platform admins, an organisation's by its senders. Shown
 * to everyone they concern while their window is open (`/active`): platform-wide to every
 * signed-in person, an organisation's to its members (and, for a cooperative, the staff of its
 * managing company). A critical one cannot be dismissed.
 */
export const announcementRoutes = new Hono<AppEnv>()
const IdParam = z.strictObject({ id: Uuid })

async function insert(
  db: DB,
  org: OrgRef | null,
  actorId: string,
  input: AnnouncementInput,
  perHour: number,
) {
  const orgId = org?.id ?? null
  // A critical announcement of an organisation goes out by email and SMS too: it counts against
  // the publisher's hourly limit like a mass communication to the whole organisation.
  const reach = org && input.severity === 'critical' ? await countAudience(db, org, { segments: [{}] }) : 0
  return db.transaction().execute(async (trx) => {
    if (reach > 0) await checkSendRate(trx, actorId, reach, perHour)
    const row = await trx
      .insertInto('announcements')
      .values({
        org_id: orgId,
        severity: input.severity,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        texts: jsonb(input.texts),
        created_by: actorId,
        ...(input.orgIds ? { target_org_ids: jsonb([...new Set(input.orgIds)]) } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      orgId,
      actorId,
      action: 'announcement.publish',
      targetType: 'announcement',
      targetId: row.id,
      details: {
        severity: input.severity,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        ...(input.orgIds ? { orgIds: input.orgIds.length } : {}),
      },
    })
    return row.id
  })
}

announcementRoutes.post(
  '/',
  describeRoute({
    summary: 'Publish a platform-wide announcement (platform admins)',
    tags: ['communications'],
  }),
  valid('json', AnnouncementInput),
  async (c) => {
    const principal = c.get('principal')
    if (!canOnCommunications(principal, 'announcements.publish', { type: 'communications', org: null })) {
      throw new AppError('forbidden', 'Only platform admins publish platform-wide announcements.')
    }
    const { db, config } = c.get('deps')
    const id = await insert(
      db,
      null,
      principal.userId,
      c.req.valid('json'),
      config.communicationsRecipientsPerHour,
    )
    return c.json({ id }, 201)
  },
)

announcementRoutes.post(
  '/org/:orgId',
  describeRoute({ summary: "Publish an organisation's announcement", tags: ['communications'] }),
  valid('param', OrgParam),
  valid('json', AnnouncementInput),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'announcements.publish')
    if (c.req.valid('json').orgIds)
      throw new AppError('bad_request', 'Only a platform-wide announcement is limited to organisations.')
    const { db, config } = c.get('deps')
    const id = await insert(
      db,
      org,
      c.get('principal').userId,
      c.req.valid('json'),
      config.communicationsRecipientsPerHour,
    )
    return c.json({ id }, 201)
  },
)

announcementRoutes.post(
  '/org/:orgId/reach',
  describeRoute({
    summary: "Who an organisation's announcement would reach, per channel, before publishing",
    tags: ['communications'],
  }),
  valid('param', OrgParam),
  valid('json', AnnouncementReachInput),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'announcements.publish')
    const { severity, orgIds } = c.req.valid('json')
    if (orgIds)
      throw new AppError('bad_request', 'Only a platform-wide announcement is limited to organisations.')
    c.header('Cache-Control', 'no-store')
    return c.json(await orgAnnouncementReach(c.get('deps').db, org, severity))
  },
)

/** The organisations whose announcements this person sees: their own and those their company manages. */
async function orgsOf(db: DB, memberOf: readonly string[]): Promise<string[]> {
  if (memberOf.length === 0) return []
  const managed = await db
    .selectFrom('organisations')
    .select('id')
    .where('managed_by', 'in', [...memberOf])
    .where('status', '=', 'active')
    .execute()
  return [...new Set([...memberOf, ...managed.map((m) => m.id)])]
}

announcementRoutes.get(
  '/active',
  describeRoute({ summary: 'Announcements shown to me now', tags: ['communications'] }),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const orgIds = await orgsOf(
      db,
      principal.memberships.map((m) => m.orgId),
    )
    const rows = await db
      .selectFrom('announcements as a')
      .leftJoin('announcement_dismissals as d', (j) =>
        j.onRef('d.announcement_id', '=', 'a.id').on('d.user_id', '=', principal.userId),
      )
      .select([
        'a.id',
        'a.org_id',
        'a.severity',
        'a.starts_at',
        'a.ends_at',
        'a.texts',
        'd.at as dismissedAt',
      ])
      .where('a.withdrawn_at', 'is', null)
      .where('a.starts_at', '<=', sql<Date>`now()`)
      .where('a.ends_at', '>', sql<Date>`now()`)
      .where((eb) =>
        eb.or([
          // Platform-wide: to everyone, or to the organisations it is limited to.
          eb.and([
            eb('a.org_id', 'is', null),
            orgIds.length
              ? sql<boolean>`(a.target_org_ids IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.target_org_ids) t WHERE t IN (${sql.join(orgIds)})))`
              : sql<boolean>`a.target_org_ids IS NULL`,
          ]),
          ...(orgIds.length ? [eb('a.org_id', 'in', orgIds)] : []),
        ]),
      )
      .orderBy('a.starts_at', 'desc')
      .limit(20)
      .execute()
    c.header('Cache-Control', 'no-store')
    return c.json({ announcements: rows.map(view) })
  },
)

const view = (r: {
  id: string
  org_id: string | null
  severity: AnnouncementView['severity']
  starts_at: Date
  ends_at: Date
  texts: Record<string, { title: string; body: string }>
  dismissedAt?: Date | null
}): AnnouncementView => ({
  id: r.id,
  orgId: r.org_id,
  severity: r.severity,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString(),
  texts: r.texts as AnnouncementView['texts'],
  dismissed: Boolean(r.dismissedAt) && r.severity !== 'critical',
})

announcementRoutes.get(
  '/org/:orgId',
  describeRoute({ summary: "An organisation's announcements, for its senders", tags: ['communications'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'announcements.publish')
    const rows = await c
      .get('deps')
      .db.selectFrom('announcements')
      .select(['id', 'org_id', 'severity', 'starts_at', 'ends_at', 'texts'])
      .where('org_id', '=', org.id)
      .where('withdrawn_at', 'is', null)
      .orderBy('starts_at', 'desc')
      .limit(50)
      .execute()
    return c.json({ announcements: rows.map(view) })
  },
)

/** The announcement if this person may see it (404 otherwise, as for one that does not exist). */
async function visible(c: Parameters<typeof authorizeCommunications>[0], id: string) {
  const { db } = c.get('deps')
  const row = await db
    .selectFrom('announcements')
    .select(['id', 'org_id', 'severity'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('The announcement')
  const org: OrgRef | null = row.org_id ? await loadOrgRef(db, row.org_id) : null
  if (row.org_id) {
    const principal = c.get('principal')
    const direct = principal.memberships.some((m) => m.orgId === row.org_id)
    if (!org || !(direct || rolesIn(principal, org).size > 0)) throw notFound('The announcement')
  }
  return { ...row, org }
}

announcementRoutes.post(
  '/:id/dismiss',
  describeRoute({ summary: 'Hide an announcement for me (not a critical one)', tags: ['communications'] }),
  valid('param', IdParam),
  async (c) => {
    const a = await visible(c, c.req.valid('param').id)
    if (a.severity === 'critical')
      throw new AppError('bad_request', 'A critical announcement cannot be dismissed.')
    await c
      .get('deps')
      .db.insertInto('announcement_dismissals')
      .values({ announcement_id: a.id, user_id: c.get('principal').userId })
      .onConflict((oc) => oc.doNothing())
      .execute()
    return c.json({ ok: true })
  },
)

announcementRoutes.post(
  '/:id/withdraw',
  describeRoute({ summary: 'Withdraw an announcement', tags: ['communications'] }),
  valid('param', IdParam),
  async (c) => {
    const a = await visible(c, c.req.valid('param').id)
    const principal = c.get('principal')
    if (!canOnCommunications(principal, 'announcements.publish', { type: 'communications', org: a.org })) {
      throw new AppError('forbidden', 'Your role does not allow withdrawing this announcement.')
    }
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('announcements')
        .set({ withdrawn_at: sql`now()` })
        .where('id', '=', a.id)
        .execute()
      await audit(trx, {
        orgId: a.org_id,
        actorId: principal.userId,
        action: 'announcement.withdraw',
        targetType: 'announcement',
        targetId: a.id,
      })
    })
    return c.json({ ok: true })
  },
)
