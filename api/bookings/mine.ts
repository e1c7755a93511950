import { sql } from 'kysely'
import { can, type Principal } from '../../schema/policy.ts'
import { loadOrgRefs } from '../../server/access/principal.ts'
import { type BookingView, bookingsQuery, toBookingView } from '../../server/bookings/repository.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * A person's bookings: confirmed bookings of the apartments their memberships are scoped to, and
 * those they made for no apartment; only in organisations where they may still read bookings.
 */
export async function myBookings(
  db: DB,
  principal: Principal,
  opts: { orgId?: string | undefined; past?: boolean } = {},
): Promise<BookingView[]> {
  const apartments = principal.memberships.flatMap((m) => (m.apartmentId ? [m.apartmentId] : []))
  let query = bookingsQuery(db)
    .where('b.status', '=', 'confirmed')
    .where((eb) =>
      eb.or([
        ...(apartments.length ? [eb('b.apartment_id', 'in', apartments)] : []),
        eb.and([eb('b.booked_by', '=', principal.userId), eb('b.apartment_id', 'is', null)]),
      ]),
    )
    .orderBy(sql`lower(b.during)`)
    .limit(500)
  if (!opts.past) query = query.where(sql<boolean>`upper(b.during) > now()`)
  if (opts.orgId) query = query.where('b.org_id', '=', opts.orgId)
  const rows = await query.execute()
  const orgs = await loadOrgRefs(
    db,
    rows.map((r) => r.org_id),
  )
  const allowed = (orgId: string) => {
    const org = orgs.get(orgId)
    return !!org && can(principal, 'bookings.read', { type: 'bookings', org })
  }
  return rows.filter((r) => allowed(r.org_id)).map(toBookingView)
}
