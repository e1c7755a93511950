import { type RawBuilder, sql } from 'kysely'
import type { Audience, Channel, Override } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { audienceMatch } from './audience.ts'

/**
 * An audience and its channels planned inside the database, for the send (enqueueAudience.ts) and
 * for the figures shown before it (the composer's preview, an organisation's announcement reach),
 * so neither loads the organisation's people into the application and the two cannot disagree.
 * Same people as `resolveAudience` (one per user; a home in the cooperative gives the letter
 * address), same channels as `channelsFor` (announcement preferences, the default's when none are
 * stored; the override; an address needed, else the channel is unreachable).
 *
 * `plannedAudience` is two CTEs, `people` and `planned`: one row per person with `w_email`,
 * `w_sms`, `w_letter` (wanted, override applied) and the address each channel would use (''
 * when there is none).
 */
const ALL: readonly Channel[] = ['portal', 'email', 'sms', 'letter']
/** What JavaScript's trim() takes off that matters here (btrim alone takes only spaces). */
const WS = sql.lit(' \t\r\n')
export const UNREACHABLE_LISTED = 200

export function plannedAudience(org: OrgRef, audience: Audience, override: Override): RawBuilder<unknown> {
  const allowed = override.channels ? ['portal', ...override.channels] : ALL
  const letterWithoutEmail = override.letterWithoutEmail === true
  const defaults = JSON.stringify(defaultNotificationPrefs().announcement)
  // Whether the override lets a channel through at all (the portal always goes).
  const on = (channel: Channel) => sql.lit(allowed.includes(channel))
  return sql`
    people AS MATERIALIZED (
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
          OR (${sql.lit(letterWithoutEmail)} AND NOT coalesce(p -> 'email' = 'true', false))) AS w_letter,
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
    )`
}

/** The figures of a planned audience: what the preview shows and the send answers. */
export interface AudienceFigures {
  recipients: number
  /** People per channel that reach them (portal: everyone). */
  perChannel: Map<Channel, number>
  /** People who get the portal and nothing else (no channel wanted, or none they can be reached on). */
  portalOnly: number
  /** The first UNREACHABLE_LISTED (person, channel) asked for without an address, by person id. */
  unreachable: Array<{ userId: string; name: string; channel: Channel }>
  unreachableCount: number
}

/** The select list over `planned` giving `AudienceFigures` (one row; read with `figuresOf`). */
export const figuresSelect = sql`
  (SELECT count(*) FROM planned) AS recipients,
  (SELECT json_build_array(
      json_build_array('portal', count(*)),
      json_build_array('email', count(*) FILTER (WHERE w_email AND email <> '')),
      json_build_array('sms', count(*) FILTER (WHERE w_sms AND phone <> '')),
      json_build_array('letter', count(*) FILTER (WHERE w_letter AND postal <> '')),
      json_build_array('portalOnly', count(*) FILTER (WHERE NOT (w_email AND email <> '')
        AND NOT (w_sms AND phone <> '') AND NOT (w_letter AND postal <> ''))),
      json_build_array('unreachable', count(*) FILTER (WHERE w_email AND email = '')
        + count(*) FILTER (WHERE w_sms AND phone = '') + count(*) FILTER (WHERE w_letter AND postal = '')))
    FROM planned) AS per_channel,
  (SELECT coalesce(json_agg(json_build_array(user_id, name, channel) ORDER BY user_id, n), '[]') FROM
    (SELECT x.user_id, x.name, u.channel, u.n FROM planned x
     CROSS JOIN LATERAL (VALUES (2, 'email', x.w_email AND x.email = ''),
       (3, 'sms', x.w_sms AND x.phone = ''), (4, 'letter', x.w_letter AND x.postal = '')) AS u(n, channel, missing)
     WHERE u.missing
     ORDER BY x.user_id, u.n LIMIT ${UNREACHABLE_LISTED}) listed) AS unreachable`

export interface FiguresRow {
  recipients: string | number
  per_channel: Array<[string, string | number]> | string
  unreachable: Array<[string, string, Channel]> | string
}

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

export function figuresOf(row: FiguresRow): AudienceFigures {
  const counts = new Map(parsed(row.per_channel).map(([key, k]) => [key, Number(k)] as const))
  return {
    recipients: Number(row.recipients),
    perChannel: new Map(ALL.map((channel) => [channel, counts.get(channel) ?? 0] as const)),
    portalOnly: counts.get('portalOnly') ?? 0,
    unreachable: parsed(row.unreachable).map(([userId, name, channel]) => ({ userId, name, channel })),
    unreachableCount: counts.get('unreachable') ?? 0,
  }
}

/** The figures before sending, counted in the database: nobody is loaded into memory. */
export async function audienceFigures(
  db: DB,
  org: OrgRef,
  audience: Audience,
  override: Override = {},
): Promise<AudienceFigures> {
  const { rows } = await sql<FiguresRow>`
    WITH ${plannedAudience(org, audience, override)} SELECT ${figuresSelect}`.execute(db)
  return figuresOf(rows[0]!)
}
