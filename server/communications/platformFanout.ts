import { sql } from 'kysely'
import { defaultNotificationPrefs, type NotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import { channelsFor } from './channels.ts'
import { type DeliveryRowInput, insertDeliveryRows } from './enqueue.ts'

/**
 * A platform-wide critical announcement by email and SMS. Deliveries belong to one
 * organisation's send, and there are thousands of organisations, so the announcement fans out in
 * bounded steps: each step takes the next `batch` people (by user id, after `fanout_cursor`) who
 * hold a membership in an active organisation (of `target_org_ids` when it is set), puts each
 * person in the send of their *first* such organisation (smallest id: the same answer in every
 * step, so a person in three cooperatives is in exactly one send and gets one email), writes the
 * delivery rows from their preferences for announcements (email / SMS; the banner is the portal)
 * and moves the cursor, all in one transaction under the announcement's row lock. A step that
 * crashes leaves nothing; two workers never step the same announcement at once (SKIP LOCKED); a
 * step repeated after a crash finds the cursor moved. The worker takes one step per round, so a
 * 50,000-person platform is a few dozen short transactions, never one long one.
 */
export const FANOUT_BATCH = 2000

interface Person {
  id: string
  home: string
  email: string
  phone: string | null
  language: string
  notification_prefs: Partial<NotificationPrefs> | string | null
}

/** Announcements whose fan-out is due: platform-wide, critical, started, not withdrawn, not done. */
const due = sql`a.org_id IS NULL AND a.severity = 'critical' AND a.fanout_done_at IS NULL
  AND a.withdrawn_at IS NULL AND a.starts_at <= now() AND a.ends_at > now()`

/**
 * One step of one announcement's fan-out (`id`), or of whichever is due first when no id is
 * given (the worker). Returns the announcement stepped and how many people the step took, or
 * null when there was nothing to do (none due, or another worker holds it).
 */
export async function fanOutStep(
  db: DB,
  opts: { id?: string; batch?: number } = {},
): Promise<{ id: string; people: number; done: boolean } | null> {
  const batch = opts.batch ?? FANOUT_BATCH
  return db.transaction().execute(async (trx) => {
    const only = opts.id ? sql`AND a.id = ${opts.id}` : sql``
    const found = await sql<{
      id: string
      texts: Record<string, { title: string; body: string }> | string
      created_by: string | null
      target_org_ids: string[] | string | null
      fanout_cursor: string | null
    }>`
      SELECT a.id, a.texts, a.created_by, a.target_org_ids, a.fanout_cursor FROM announcements a
      WHERE ${due} ${only}
      ORDER BY a.starts_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx)
    const a = found.rows[0]
    if (!a) return null
    const texts = typeof a.texts === 'string' ? JSON.parse(a.texts) : a.texts
    const targets: string[] | null =
      typeof a.target_org_ids === 'string' ? JSON.parse(a.target_org_ids) : a.target_org_ids
    const inTargets = targets
      ? sql`AND m.org_id IN (SELECT cast(t AS uuid) FROM announcements x,
          jsonb_array_elements_text(x.target_org_ids) t WHERE x.id = ${a.id})`
      : sql``
    const after = a.fanout_cursor ? sql`AND u.id > ${a.fanout_cursor}` : sql``
    const people = await sql<Person>`
      SELECT u.id, min(m.org_id::text) AS home, u.email, u.phone, u.language, u.notification_prefs
      FROM users u
      JOIN memberships m ON m.user_id = u.id
      JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
      WHERE u.erased_at IS NULL ${after} ${inTargets}
      GROUP BY u.id
      ORDER BY u.id
      LIMIT ${batch}`.execute(trx)
    const byOrg = new Map<string, DeliveryRowInput[]>()
    const reached = new Map<string, number>()
    for (const p of people.rows) {
      const stored =
        typeof p.notification_prefs === 'string' ? JSON.parse(p.notification_prefs) : p.notification_prefs
      const plan = channelsFor(
        {
          userId: p.id,
          name: '',
          email: p.email,
          phone: p.phone && p.phone.trim() !== '' ? p.phone : null,
          language: p.language,
          prefs: { ...defaultNotificationPrefs(), ...(stored ?? {}) },
          postal: null,
        },
        { channels: ['email', 'sms'] },
      ).channels.filter((c) => c.channel !== 'portal')
      if (plan.length === 0) continue
      const rows = byOrg.get(p.home) ?? []
      for (const c of plan)
        rows.push({ user_id: p.id, channel: c.channel, address: c.address, language: p.language })
      byOrg.set(p.home, rows)
      reached.set(p.home, (reached.get(p.home) ?? 0) + 1)
    }
    const fi = texts.fi ?? { title: 'Tiedote', body: '' }
    for (const [orgId, rows] of byOrg) {
      const existing = await trx
        .selectFrom('communications')
        .select('id')
        .where('announcement_id', '=', a.id)
        .where('org_id', '=', orgId)
        .executeTakeFirst()
      const count = reached.get(orgId) ?? 0
      const commId = existing
        ? (
            await trx
              .updateTable('communications')
              .set({ recipient_count: sql`recipient_count + ${count}` })
              .where('id', '=', existing.id)
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (
            await trx
              .insertInto('communications')
              .values({
                org_id: orgId,
                sender_id: a.created_by,
                subject: fi.title,
                body: fi.body || fi.title,
                audience: jsonb({ platform: true }),
                override: jsonb({ channels: ['email', 'sms'] }),
                recipient_count: count,
                scheduled_at: new Date(),
                texts: jsonb(texts),
                announcement_id: a.id,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
      await insertDeliveryRows(trx, orgId, commId, rows, new Date())
    }
    const last = people.rows.at(-1)?.id ?? a.fanout_cursor
    const done = people.rows.length < batch
    await trx
      .updateTable('announcements')
      .set({ fanout_cursor: last, ...(done ? { fanout_done_at: sql`now()` } : {}) })
      .where('id', '=', a.id)
      .execute()
    if (done)
      await trx
        .insertInto('audit_log')
        .values({
          org_id: null,
          actor_id: null,
          action: 'announcement.fanout_done',
          target_type: 'announcement',
          target_id: a.id,
          details: jsonb({ sends: await sendsOf(trx, a.id) }),
        })
        .execute()
    return { id: a.id, people: people.rows.length, done }
  })
}

async function sendsOf(db: DB, announcementId: string): Promise<number> {
  const row = await db
    .selectFrom('communications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('announcement_id', '=', announcementId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
