import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'

/**
 * "Your invoice is paid": one `notify` outbox row per invoice that a payment, a match or a credit
 * settled, written in the transaction that settled it (so a rolled-back import or dry run tells
 * nobody). The notifier in the collab process turns it into inbox items for the apartment's
 * owners and the investors holding it (collab-server/notifications/financeDeliveries.ts).
 */
export async function notifySettled(trx: DB, orgId: string, invoiceIds: readonly string[]): Promise<void> {
  if (invoiceIds.length === 0) return
  await enqueue(
    trx,
    'notify',
    invoiceIds.map((invoiceId) => ({
      orgId,
      entityId: invoiceId,
      payload: { type: 'invoice_paid', invoiceId },
    })),
  )
}
