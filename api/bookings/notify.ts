import type { DB } from '../../server/db/connect.ts'

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
  await trx
    .insertInto('outbox')
    .values({
      org_id: booking.orgId,
      topic: 'notify',
      entity_id: booking.id,
      payload: JSON.stringify({ type, bookingId: booking.id, actorId }),
    })
    .execute()
}
