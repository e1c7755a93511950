import { sql } from 'kysely'
import type { AnnouncementReach, Channel, Severity } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { countAudience, type Recipient } from './audience.ts'
import { channelsFor } from './channels.ts'
import { audienceFigures, UNREACHABLE_LISTED } from './plannedAudience.ts'

/**
 * An announcement's reach, asked before publishing it: the same people and channel rules the
 * delivery uses, so the preview cannot promise what the worker will not do. An organisation's
 * announcement concerns its members and the managing company's staff (criticalAnnouncements.ts);
 * a platform-wide one everyone with a role in an active organisation, of `orgIds` when given
 * (platformFanout.ts). A critical one adds email and SMS by preference for announcements.
 * Both are counted in the database; `reachOf` counts people already loaded, the reference the
 * tests hold the SQL counts to.
 */
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

/**
 * An organisation's announcement reach, counted in the database by the mass send's own plan
 * (`plannedAudience`: everyone of the organisation and its managing company's staff, email and
 * SMS only): the figures `reachOf` gives from the loaded people, without loading them.
 */
export async function orgAnnouncementReach(
  db: DB,
  org: OrgRef,
  severity: Severity,
): Promise<AnnouncementReach> {
  const everyone = { segments: [{}] }
  if (severity !== 'critical') {
    const people = await countAudience(db, org, everyone)
    return {
      people,
      perChannel: (['portal', 'email', 'sms'] as const).map((channel) => ({
        channel,
        recipients: channel === 'portal' ? people : 0,
      })),
      unreachable: [],
      unreachableCount: 0,
      bannerOnly: people,
      organisations: 1,
    }
  }
  const f = await audienceFigures(db, org, everyone, { channels: ['email', 'sms'] })
  return {
    people: f.recipients,
    perChannel: (['portal', 'email', 'sms'] as const).map((channel) => ({
      channel,
      recipients: f.perChannel.get(channel) ?? 0,
    })),
    unreachable: f.unreachable,
    unreachableCount: f.unreachableCount,
    bannerOnly: f.portalOnly,
    organisations: 1,
  }
}

/**
 * A platform-wide announcement's reach, counted in the database: the people (erased excluded) with
 * a role in an active organisation (of `orgIds` when given), grouped into the same figures
 * `reachOf` gives from loaded recipients, and the first UNREACHABLE_LISTED who asked for a channel
 * they have no address for. Nobody is loaded into memory, whatever the number of organisations.
 * The channel rules are `channelsFor`'s with the email and SMS override: a preference for
 * announcements (the default's when none is stored), and an address (email non-empty; a phone
 * not blank).
 */
export async function platformAnnouncementReach(
  db: DB,
  orgIds: readonly string[] | null,
  severity: Severity,
): Promise<AnnouncementReach> {
  const inTargets = orgIds ? sql`AND m.org_id IN (${sql.join([...new Set(orgIds)])})` : sql``
  const critical = severity === 'critical'
  const people = sql`
    WITH reached AS (
      SELECT u.id, u.name,
        u.email <> '' AS has_email,
        coalesce(btrim(u.phone, E' \t\r\n'), '') <> '' AS has_phone,
        coalesce(u.notification_prefs -> 'announcement', cast(${JSON.stringify(defaultNotificationPrefs().announcement)}::text AS jsonb)) AS p
      FROM users u
      WHERE u.erased_at IS NULL AND EXISTS (
        SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
        WHERE m.user_id = u.id ${inTargets})
    )
    SELECT id, name, has_email, has_phone,
      ${critical} AND coalesce(p -> 'email' = 'true', false) AS wants_email,
      ${critical} AND coalesce(p -> 'sms' = 'true', false) AS wants_sms
    FROM reached`
  // One after another: `db` may be a transaction, which runs one statement at a time.
  const totals = await sql<{
    people: string
    email: string
    sms: string
    banner_only: string
    unreachable: string
  }>`
      SELECT count(*) AS people,
        count(*) FILTER (WHERE wants_email AND has_email) AS email,
        count(*) FILTER (WHERE wants_sms AND has_phone) AS sms,
        count(*) FILTER (WHERE NOT (wants_email AND has_email) AND NOT (wants_sms AND has_phone)) AS banner_only,
        count(*) FILTER (WHERE wants_email AND NOT has_email)
          + count(*) FILTER (WHERE wants_sms AND NOT has_phone) AS unreachable
      FROM (${people}) x`.execute(db)
  const listed = await sql<{ id: string; name: string; channel: 'email' | 'sms' }>`
      SELECT x.id, x.name, c.channel FROM (${people}) x
      CROSS JOIN LATERAL (VALUES ('email', x.wants_email AND NOT x.has_email),
        ('sms', x.wants_sms AND NOT x.has_phone)) AS c(channel, missing)
      WHERE c.missing
      ORDER BY x.name, x.id, c.channel
      LIMIT ${UNREACHABLE_LISTED}`.execute(db)
  const orgs = await sql<{ n: string }>`
      SELECT count(DISTINCT m.org_id) AS n FROM memberships m
      JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
      JOIN users u ON u.id = m.user_id AND u.erased_at IS NULL
      WHERE true ${inTargets}`.execute(db)
  const t = totals.rows[0]!
  return {
    people: Number(t.people),
    perChannel: [
      { channel: 'portal', recipients: Number(t.people) },
      { channel: 'email', recipients: Number(t.email) },
      { channel: 'sms', recipients: Number(t.sms) },
    ],
    unreachable: listed.rows.map((r) => ({ userId: r.id, name: r.name, channel: r.channel })),
    unreachableCount: Number(t.unreachable),
    bannerOnly: Number(t.banner_only),
    organisations: Number(orgs.rows[0]?.n ?? 0),
  }
}
