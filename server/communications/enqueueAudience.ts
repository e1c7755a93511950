import { sql } from 'kysely'
import type { Audience, Override } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import {
  type AudienceFigures,
  type FiguresRow,
  figuresOf,
  figuresSelect,
  plannedAudience,
} from './plannedAudience.ts'

/**
 * A mass communication enqueued set-based (bench:communications): the audience is resolved and
 * its delivery rows written by one INSERT … SELECT inside the database, so a 50,000-person send
 * moves no row to the application and back (resolving 50,000 people into objects, then sending
 * them back as JSON, was most of the time on PGlite). The people and channels are planned by
 * `plannedAudience` (the preview's too); the rows are `enqueueCommunication`'s — a test holds
 * the two paths to the same rows.
 */
export interface AudienceCommunication {
  /** The composer's draft id, under which its attachments were uploaded; else a new one. */
  id?: string
  orgId: string
  senderId: string | null
  subject: string
  body: string
  override: Override
  scheduledAt: Date
  texts?: Record<string, { title: string; body: string }>
  /** Leave out the portal (a critical announcement: the banner is its portal). */
  withoutPortal?: boolean
}

export interface EnqueuedAudience extends AudienceFigures {
  id: string
  /** Delivery rows written (the sum of `perChannel`). */
  rows: number
}

export async function enqueueAudience(
  trx: DB,
  org: OrgRef,
  audience: Audience,
  c: AudienceCommunication,
): Promise<EnqueuedAudience> {
  const { id } = await trx
    .insertInto('communications')
    .values({
      ...(c.id ? { id: c.id } : {}),
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
  const { rows } = await sql<FiguresRow>`
    WITH ${plannedAudience(org, audience, c.override)},
    inserted AS (
      INSERT INTO communication_deliveries
        (org_id, communication_id, user_id, channel, address, language, available_at)
      SELECT ${c.orgId}, ${id}, x.user_id, ch.channel, ch.address, x.language,
        cast(${c.scheduledAt.toISOString()} AS timestamptz)
      FROM planned x
      CROSS JOIN LATERAL (VALUES
        (1, 'portal', '', ${sql.lit(!c.withoutPortal)}),
        (2, 'email', x.email, x.w_email),
        (3, 'sms', x.phone, x.w_sms),
        (4, 'letter', x.postal, x.w_letter)
      ) AS ch(n, channel, address, wanted)
      WHERE ch.wanted AND (ch.channel = 'portal' OR ch.address <> '')
    )
    SELECT ${figuresSelect}`.execute(trx)
  const figures = figuresOf(rows[0]!)
  await trx
    .updateTable('communications')
    .set({ recipient_count: figures.recipients })
    .where('id', '=', id)
    .execute()
  const written = [...figures.perChannel].filter(([channel]) => !(c.withoutPortal && channel === 'portal'))
  return { ...figures, id, rows: written.reduce((a, [, k]) => a + k, 0) }
}
