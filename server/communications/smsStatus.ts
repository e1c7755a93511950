import { createHash, timingSafeEqual } from 'node:crypto'
import { sql } from 'kysely'
import type { DB } from '../db/connect.ts'

/**
 * Delivery reports from the SMS provider (issue 16: "delivered, where the provider tells"). The
 * provider posts to `PUBLIC_URL/api/sms-status/<secret>?delivery=<our delivery id>` (the address
 * `sms.ts` hands it with each message), its own message id and `delivered` or `failed`.
 *
 * A report changes a row only when all three agree: the secret, our delivery id and the provider's
 * id stored when the message was sent (`provider_ref`). A guessed delivery id without the id the
 * provider answered with changes nothing, and only an SMS row that has been sent moves on, so a
 * repeated or late report is harmless.
 */
export const smsStatusUrl =
  (publicUrl: string, secret: string) =>
  (deliveryId: string): string =>
    `${publicUrl}/api/sms-status/${secret}?delivery=${encodeURIComponent(deliveryId)}`

/** The secret in the address equals the configured one (compared in constant time). */
export function smsSecretMatches(given: string, configured: string | undefined): boolean {
  if (!configured) return false
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(configured))
}

export interface SmsReport {
  deliveryId: string
  providerId: string
  status: 'delivered' | 'failed'
  /** When the provider says the phone received it; the report's arrival otherwise. */
  at?: Date
}

/** Records one report; true when it moved a row (a repeat or a mismatch moves none). */
export async function recordSmsReport(db: DB, report: SmsReport): Promise<boolean> {
  const base = db
    .updateTable('communication_deliveries')
    .where('id', '=', report.deliveryId)
    .where('channel', '=', 'sms')
    .where('provider_ref', '=', report.providerId)
    .where('status', '=', 'sent')
  const rows =
    report.status === 'delivered'
      ? await base
          .set({ status: 'delivered', delivered_at: report.at ?? sql<Date>`now()` })
          .returning('id')
          .execute()
      : await base
          .set({
            status: 'failed',
            last_error: 'The SMS provider reported that the message was not delivered.',
          })
          .returning('id')
          .execute()
  return rows.length > 0
}
