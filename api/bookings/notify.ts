import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'

/**
 * Queues "booking confirmed" / "booking cancelled" as a `notify` outbox row inside the
 * transaction that commits the booking or its cancellation, the way case creation does: the
 * notice exists exactly when the change does (a rolled-back booking, e.g. a 409, notifies nobody),
 * and the notifier in the collab process turns it into inbox items and mail after the commit
 * (collab-server/notifications/bookingDeliveries.ts decides who hears of it).
 */
export async function queueBookingNotice(
  trx: DB,
  type: 'booking_confirmed' | 'booking_cancelled',
  booking: { id: string; orgId: string },
  actorId: string,
): Promise<void> {
  await enqueue(trx, 'notify', {
    orgId: booking.orgId,
    entityId: booking.id,
    payload: { type, bookingId: booking.id, actorId },
  })
}
