import { sql } from 'kysely'
import type { OpeningHours } from '../../schema/bookings.ts'
import { range } from '../../server/bookings/repository.ts'
import { addDays, instantAt, localDate } from '../../server/bookings/time.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { koivukujaId } from './koivukuja.ts'

/**
 * Bookable spaces of the demo cooperative (As Oy Koivukuja): the sauna in hourly turns during its
 * opening hours, the laundry room in three-hour turns with at most two active bookings per
 * apartment, and the club room for a free length. One neighbour has booked tomorrow's sauna.
 */
const every = (from: string, to: string, days = ['1', '2', '3', '4', '5', '6', '7']): OpeningHours =>
  Object.fromEntries(days.map((d) => [d, [[from, to]]]))

export async function seedDemoBookings(db: DB): Promise<void> {
  const coop = { id: await koivukujaId(db) }
  const orgId = coop.id
  await db.transaction().execute(async (trx) => {
    // Named in the three languages of the portal (staff may give each; issue 20).
    const category = async (names: { fi: string; sv: string; en: string }, position: number) =>
      (
        await trx
          .insertInto('booking_categories')
          .values({ org_id: orgId, name: names.fi, names: jsonb(names), position })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const saunas = await category({ fi: 'Saunat', sv: 'Bastur', en: 'Saunas' }, 0)
    const laundry = await category({ fi: 'Pyykinpesu', sv: 'Tvätt', en: 'Laundry' }, 1)
    const rooms = await category({ fi: 'Yhteistilat', sv: 'Gemensamma utrymmen', en: 'Shared rooms' }, 2)
    const quota = await trx
      .insertInto('booking_quota_groups')
      .values({ org_id: orgId, name: 'Pesutupa', max_active: 2 })
      .returning('id')
      .executeTakeFirstOrThrow()
    const resource = async (values: {
      name: string
      description: string
      categoryId: string
      quotaGroupId?: string
      mode: 'slots' | 'free'
      grid: number
      min: number
      max: number
      hours: OpeningHours
      leadMaxDays: number
      cancelCutoff: number
    }) =>
      (
        await trx
          .insertInto('booking_resources')
          .values({
            org_id: orgId,
            category_id: values.categoryId,
            quota_group_id: values.quotaGroupId ?? null,
            name: values.name,
            description: values.description,
            mode: values.mode,
            grid_minutes: values.grid,
            min_minutes: values.min,
            max_minutes: values.max,
            opening_hours: jsonb(values.hours),
            lead_max_days: values.leadMaxDays,
            cancel_cutoff_minutes: values.cancelCutoff,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const sauna = await resource({
      name: 'Sauna',
      description: 'A-talon kellari. Vuoro on tunnin; peru viimeistään tuntia ennen.',
      categoryId: saunas,
      mode: 'slots',
      grid: 60,
      min: 60,
      max: 60,
      hours: every('16:00', '22:00'),
      leadMaxDays: 28,
      cancelCutoff: 60,
    })
    await resource({
      name: 'Pesutupa',
      description: 'Kolmen tunnin vuorot, enintään kaksi voimassa olevaa varausta huoneistoa kohden.',
      categoryId: laundry,
      quotaGroupId: quota.id,
      mode: 'slots',
      grid: 180,
      min: 180,
      max: 180,
      hours: every('07:00', '22:00'),
      leadMaxDays: 14,
      cancelCutoff: 0,
    })
    await resource({
      name: 'Kerhohuone',
      description: 'B-talon pohjakerros. Varaa 1–4 tuntia.',
      categoryId: rooms,
      mode: 'free',
      grid: 60,
      min: 60,
      max: 240,
      hours: every('08:00', '22:00'),
      leadMaxDays: 60,
      cancelCutoff: 0,
    })
    const neighbour = await trx
      .selectFrom('memberships as m')
      .innerJoin('apartments as a', 'a.id', 'm.apartment_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.apartment_id'])
      .where('m.org_id', '=', orgId)
      .where('a.number', '=', 'A 2')
      .orderBy('u.email')
      .executeTakeFirst()
    if (neighbour?.apartment_id) {
      const start = instantAt(addDays(localDate(Date.now()), 1), '19:00')
      await trx
        .insertInto('bookings')
        .values({
          org_id: orgId,
          resource_id: sauna,
          apartment_id: neighbour.apartment_id,
          booked_by: neighbour.user_id,
          during: sql`${range({ start, end: start + 3_600_000 })}`,
        })
        .execute()
    }
  })
}
