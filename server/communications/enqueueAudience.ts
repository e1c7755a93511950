import { sql } from 'kysely'
import type { Audience, Channel, Override } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import { audienceMatch } from './audience.ts'

/**
 * A mass communication enqueued set-based (bench:communications): the audience is resolved and
 * its delivery rows written by one INSERT … SELECT inside the database, so a 50,000-person send
 * moves no row to the application and back (resolving 50,000 people into objects, then sending
 * them back as JSON, was most of the time on PGlite). Same people as `resolveAudience` (one per
 * user; a home in the cooperative gives the letter address), same channels as `channelsFor`
 * (announcement preferences, the default's when none are stored; the override; an address
 * needed, else the channel is left out), same rows as `enqueueCommunication` — a test holds the
 * two paths to the same rows.
 */
export interface AudienceCommunication {
  orgId: string
  senderId: string | null
  subject: string
  body: string
  override: Override
  scheduledAt: Date
  texts?: Record<string, { title: string; body: string }>
}

export interface EnqueuedAudience {
  id: string
  recipients: number
  /** Delivery rows written, and per channel. */
  rows: number
  perChannel: Map<Channel, number>
  /** The first UNREACHABLE_LISTED who asked for a channel they have no address for (as previewOf). */
  unreachable: Array<{ userId: string; name: string; channel: Channel }>
}

const UNREACHABLE_LISTED = 200
const ALL: readonly Channel[] = ['portal', 'email', 'sms', 'letter']
/** What JavaScript's trim() takes off that matters here (btrim alone takes only spaces). */
const WS = sql.lit(' \t\r\n')

export async function enqueueAudience(
  trx: DB,
  org: OrgRef,
  audience: Audience,
  c: AudienceCommunication,
): Promise<EnqueuedAudience> {
  const { id } = await trx
    .insertInto('communications')
    .values({
      org_id: c.orgId,
      sender_id: c.senderId,
      subject: c.subject,
      body: c.body,
      audience: jsonb(audience),
      override: jsonb(c.override),
      scheduled_at: c.scheduledAt,
      ...(c.texts ? { texts: jsonb(c.texts) } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const allowed = c.override.channels ? ['portal', ...c.override.channels] : ALL
  const letterWithoutEmail = c.override.letterWithoutEmail === true
  const defaults = JSON.stringify(defaultNotificationPrefs().announcement)
  // Whether the override lets a channel through at all (the portal always goes).
  const on = (channel: Channel) => sql.lit(allowed.includes(channel))
  const { rows } = await sql<{
    recipients: string
    per_channel: Array<[Channel, string | number]> | string
    unreachable: Array<[string, string, Channel]> | string
  }>`
    WITH people AS MATERIALIZED (
      SELECT DISTINCT ON (u.id) u.id AS user_id, u.name, u.email, u.phone, u.language,
        coalesce(u.notification_prefs -> 'announcement', cast(${defaults}::text AS jsonb)) AS p,
        a.number AS apartment, b.address
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN apartments a ON a.id = m.apartment_id AND a.org_id = m.org_id
      LEFT JOIN buildings b ON b.id = a.building_id
      WHERE ${audienceMatch(org, audience)}
      ORDER BY u.id, a.id IS NULL
    ),
    planned AS MATERIALIZED (
      SELECT user_id, name, language,
        ${on('email')} AND coalesce(p -> 'email' = 'true', false) AS w_email,
        ${on('sms')} AND coalesce(p -> 'sms' = 'true', false) AS w_sms,
        ${on('letter')} AND (coalesce(p -> 'letter' = 'true', false)
          OR (${letterWithoutEmail} AND NOT coalesce(p -> 'email' = 'true', false))) AS w_letter,
        email,
        CASE WHEN btrim(coalesce(phone, ''), ${WS}) <> '' THEN phone ELSE '' END AS phone,
        CASE WHEN coalesce(address, '') <> '' AND coalesce(apartment, '') <> '' THEN
          array_to_string(array_remove(ARRAY[
            name,
            btrim(btrim(split_part(address, ',', 1), ${WS}) || ' ' || apartment, ${WS}),
            array_to_string(ARRAY(
              SELECT btrim(part, ${WS}) FROM unnest((string_to_array(address, ','))[2:]) AS part
            ), ', ')
          ], ''), E'\n')
        ELSE '' END AS postal
      FROM people
    ),
    inserted AS (
      INSERT INTO communication_deliveries
        (org_id, communication_id, user_id, channel, address, language, available_at)
      SELECT ${c.orgId}, ${id}, x.user_id, ch.channel, ch.address, x.language,
        cast(${c.scheduledAt.toISOString()} AS timestamptz)
      FROM planned x
      CROSS JOIN LATERAL (VALUES
        (1, 'portal', '', true),
        (2, 'email', x.email, x.w_email),
        (3, 'sms', x.phone, x.w_sms),
        (4, 'letter', x.postal, x.w_letter)
      ) AS ch(n, channel, address, wanted)
      WHERE ch.wanted AND (ch.channel = 'portal' OR ch.address <> '')
    )
    SELECT
      (SELECT count(*) FROM planned) AS recipients,
      (SELECT json_build_array(
          json_build_array('portal', count(*)),
          json_build_array('email', count(*) FILTER (WHERE w_email AND email <> '')),
          json_build_array('sms', count(*) FILTER (WHERE w_sms AND phone <> '')),
          json_build_array('letter', count(*) FILTER (WHERE w_letter AND postal <> '')))
        FROM planned) AS per_channel,
      (SELECT coalesce(json_agg(json_build_array(user_id, name, channel) ORDER BY user_id, n), '[]') FROM
        (SELECT x.user_id, x.name, u.channel, u.n FROM planned x
         CROSS JOIN LATERAL (VALUES (2, 'email', x.w_email AND x.email = ''),
           (3, 'sms', x.w_sms AND x.phone = ''), (4, 'letter', x.w_letter AND x.postal = '')) AS u(n, channel, missing)
         WHERE u.missing
         ORDER BY x.user_id, u.n LIMIT ${UNREACHABLE_LISTED}) listed) AS unreachable`.execute(trx)
  const first = rows[0]!
  const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)
  const perChannel = new Map(parsed(first.per_channel).map(([channel, k]) => [channel, Number(k)] as const))
  const recipients = Number(first.recipients)
  await trx.updateTable('communications').set({ recipient_count: recipients }).where('id', '=', id).execute()
  return {
    id,
    recipients,
    rows: [...perChannel.values()].reduce((a, b) => a + b, 0),
    perChannel,
    unreachable: parsed(first.unreachable).map(([userId, name, channel]) => ({ userId, name, channel })),
  }
}
