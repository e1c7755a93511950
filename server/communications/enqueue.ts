import { sql } from 'kysely'
import type { Audience, Override } from '../../schema/communications/api.ts'
import type { DB } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import type { Recipient } from './audience.ts'
import { channelsFor } from './channels.ts'

/**
 * Writes a communication and its delivery rows (one per recipient and channel) in the caller's
 * transaction: nothing is sent until it commits, and a crash before that leaves nothing. Rows are
 * inserted 5,000 at a time from one JSON parameter (`jsonb_to_recordset`), which both drivers
 * take alike and which keeps a 50,000-recipient send to a handful of statements. A scheduled send
 * is the same rows with `available_at` in the future; cancelling marks the queued ones cancelled.
 */
export interface NewCommunication {
  orgId: string
  senderId: string | null
  subject: string
  body: string
  audience: Audience
  override: Override
  scheduledAt: Date
  recipients: readonly Recipient[]
  /** Per-language texts (a critical announcement); the recipient's language picks one. */
  texts?: Record<string, { title: string; body: string }>
  /** An iCalendar file every email of the send carries (an event's invitation, change or cancellation). */
  calendar?: string
  /** Leave out the portal (an announcement is already the banner). */
  withoutPortal?: boolean
}

const CHUNK = 5000

export async function enqueueCommunication(
  trx: DB,
  c: NewCommunication,
): Promise<{ id: string; rows: number }> {
  const { id } = await trx
    .insertInto('communications')
    .values({
      org_id: c.orgId,
      sender_id: c.senderId,
      subject: c.subject,
      body: c.body,
      audience: jsonb(c.audience),
      override: jsonb(c.override),
      recipient_count: c.recipients.length,
      scheduled_at: c.scheduledAt,
      ...(c.texts ? { texts: jsonb(c.texts) } : {}),
      ...(c.calendar ? { calendar: c.calendar } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const rows = c.recipients.flatMap((r) =>
    channelsFor(r, c.override)
      .channels.filter((ch) => !(c.withoutPortal && ch.channel === 'portal'))
      .map((ch) => ({
        user_id: r.userId,
        channel: ch.channel,
        address: ch.address,
        language: r.language,
      })),
  )
  await insertDeliveryRows(trx, c.orgId, id, rows, c.scheduledAt)
  return { id, rows: rows.length }
}

export interface DeliveryRowInput {
  user_id: string
  channel: string
  address: string
  language: string
}

/** Delivery rows of one send, 5,000 per statement; a row already there is left as it is. */
export async function insertDeliveryRows(
  trx: DB,
  orgId: string,
  communicationId: string,
  rows: readonly DeliveryRowInput[],
  availableAt: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + CHUNK))
    await sql`
      INSERT INTO communication_deliveries (org_id, communication_id, user_id, channel, address, language, available_at)
      SELECT ${orgId}, ${communicationId}, x.user_id, x.channel, x.address, x.language, cast(${availableAt.toISOString()} AS timestamptz)
      FROM jsonb_to_recordset(cast(${chunk}::text AS jsonb))
        AS x(user_id uuid, channel text, address text, language text)
      ON CONFLICT (communication_id, user_id, channel) DO NOTHING`.execute(trx)
  }
}

/** Cancels what has not gone out yet; returns how many deliveries were cancelled. */
export async function cancelCommunication(trx: DB, orgId: string, id: string): Promise<number> {
  await trx
    .updateTable('communications')
    .set({ cancelled_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .execute()
  const rows = await trx
    .updateTable('communication_deliveries')
    .set({ status: 'cancelled', claimed_at: null, claimed_by: null })
    .where('org_id', '=', orgId)
    .where('communication_id', '=', id)
    .where('status', '=', 'queued')
    .returning('id')
    .execute()
  return rows.length
}
