import { sql } from 'kysely'
import type { NotifyOf } from '../../schema/outbox.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef, loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * "Booking confirmed" / "booking cancelled", from the `notify` row the booking transaction (or
 * the cancel) wrote with its commit. Who hears of it:
 * - the person who booked, when they booked for themselves (their apartment, or none);
 * - when staff booked on behalf of an apartment, not the staff member (they did it) but the
 *   people whose membership is scoped to that apartment (its residents and owners), since the
 *   booking is theirs and shows in their "My bookings";
 * each checked with `bookings.read` in the booking's cooperative. Standing-shift occurrences are
 * not announced one by one (see api/bookings/notify.ts). The item id derives from the outbox
 * row, so a retried delivery never duplicates it.
 */
export type BookingPayload = NotifyOf<'booking_confirmed' | 'booking_cancelled'>

export async function bookingDeliveries(db: DB, row: OutboxRow, p: BookingPayload): Promise<Delivery[]> {
  const booking = await db
    .selectFrom('bookings as b')
    .innerJoin('booking_resources as r', (j) =>
      j.onRef('r.id', '=', 'b.resource_id').onRef('r.org_id', '=', 'b.org_id'),
    )
    .select(['b.org_id', 'b.apartment_id', 'b.booked_by', 'r.name'])
    .select(sql<Date>`lower(b.during)`.as('start'))
    .select(sql<Date>`upper(b.during)`.as('end'))
    .where('b.id', '=', p.bookingId)
    .executeTakeFirst()
  if (!booking) return []
  const org = await loadOrgRef(db, booking.org_id)
  if (!org) return []
  const household = booking.apartment_id
    ? (
        await db
          .selectFrom('memberships')
          .select('user_id')
          .distinct()
          .where('org_id', '=', booking.org_id)
          .where('apartment_id', '=', booking.apartment_id)
          .execute()
      ).map((m) => m.user_id)
    : []
  const bookerIsHousehold = booking.apartment_id === null || household.includes(booking.booked_by ?? '')
  const recipients = bookerIsHousehold ? (booking.booked_by ? [booking.booked_by] : []) : household
  const out: Delivery[] = []
  for (const userId of new Set(recipients)) {
    const principal = await loadPrincipal(db, { userId, mfaVerified: true })
    if (!can(principal, 'bookings.read', { type: 'bookings', org })) continue
    out.push({
      userId,
      prefKind: 'booking',
      item: {
        id: `${row.id}:${userId}`,
        kind: p.type,
        orgId: org.id,
        link: `/org/${org.id}/bookings`,
        title: booking.name,
        body: `${new Date(booking.start).toISOString()}/${new Date(booking.end).toISOString()}`,
        createdAt: Date.now(),
      },
    })
  }
  return out
}
