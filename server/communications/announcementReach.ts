import { sql } from 'kysely'
import type { AnnouncementReach, Channel, Severity } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { defaultNotificationPrefs, type NotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { type Recipient, resolveAudience } from './audience.ts'
import { channelsFor } from './channels.ts'

/**
 * An announcement's reach, asked before publishing it: the same people and channel rules the
 * delivery uses, so the preview cannot promise what the worker will not do. An organisation's
 * announcement concerns its members and the managing company's staff (criticalAnnouncements.ts);
 * a platform-wide one everyone with a role in an active organisation, of `orgIds` when given
 * (platformFanout.ts). A critical one adds email and SMS by preference for announcements.
 */
const UNREACHABLE_LISTED = 200

export function reachOf(
  recipients: readonly Recipient[],
  severity: Severity,
  organisations: number,
): AnnouncementReach {
  const counts = new Map<Channel, number>([['portal', recipients.length]])
  const unreachable: AnnouncementReach['unreachable'] = []
  let unreachableCount = 0
  let bannerOnly = 0
  for (const r of recipients) {
    if (severity !== 'critical') {
      bannerOnly++
      continue
    }
    const plan = channelsFor(r, { channels: ['email', 'sms'] })
    const extra = plan.channels.filter((c) => c.channel !== 'portal')
    for (const c of extra) counts.set(c.channel, (counts.get(c.channel) ?? 0) + 1)
    if (extra.length === 0) bannerOnly++
    for (const channel of plan.unreachable) {
      unreachableCount++
      if (unreachable.length < UNREACHABLE_LISTED)
        unreachable.push({ userId: r.userId, name: r.name, channel })
    }
  }
  return {
    people: recipients.length,
    perChannel: (['portal', 'email', 'sms'] as const).map((channel) => ({
      channel,
      recipients: counts.get(channel) ?? 0,
    })),
    unreachable,
    unreachableCount,
    bannerOnly,
    organisations,
  }
}

export async function orgAnnouncementReach(
  db: DB,
  org: OrgRef,
  severity: Severity,
): Promise<AnnouncementReach> {
  return reachOf(await resolveAudience(db, org, { segments: [{}] }), severity, 1)
}

export async function platformAnnouncementReach(
  db: DB,
  orgIds: readonly string[] | null,
  severity: Severity,
): Promise<AnnouncementReach> {
  const inTargets = orgIds ? sql`AND m.org_id IN (${sql.join([...new Set(orgIds)])})` : sql``
  const people = await sql<{
    id: string
    name: string
    email: string
    phone: string | null
    language: string
    notification_prefs: Partial<NotificationPrefs> | string | null
  }>`
    SELECT u.id, u.name, u.email, u.phone, u.language, u.notification_prefs
    FROM users u
    WHERE u.erased_at IS NULL AND EXISTS (
      SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
      WHERE m.user_id = u.id ${inTargets})
    ORDER BY u.name`.execute(db)
  const orgs = await sql<{ n: string }>`
    SELECT count(DISTINCT m.org_id) AS n FROM memberships m
    JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
    JOIN users u ON u.id = m.user_id AND u.erased_at IS NULL
    WHERE true ${inTargets}`.execute(db)
  const recipients: Recipient[] = people.rows.map((p) => {
    const stored =
      typeof p.notification_prefs === 'string' ? JSON.parse(p.notification_prefs) : p.notification_prefs
    return {
      userId: p.id,
      name: p.name,
      email: p.email,
      phone: p.phone && p.phone.trim() !== '' ? p.phone : null,
      language: p.language,
      prefs: { ...defaultNotificationPrefs(), ...(stored ?? {}) },
      postal: null,
    }
  })
  return reachOf(recipients, severity, Number(orgs.rows[0]?.n ?? 0))
}
