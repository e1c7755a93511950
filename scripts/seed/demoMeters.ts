import { DateTime } from 'luxon'
import { todayInFinland } from '../../schema/meters/validate.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Demo meters (issue 17), relative to today: cold and hot water meters in every apartment of both
 * cooperatives and a heat meter per building, read monthly for two years (the last reading about
 * three weeks ago, so a resident can send today's), a little more water in winter; one reading
 * in Koivukuja waiting for review; an open water round for Koivukuja's first building.
 */
const COOPS = ['2345678-0', '3456780-6']

export async function seedDemoMeters(db: DB): Promise<void> {
  const today = DateTime.fromISO(todayInFinland(), { zone: 'UTC' })
  const coops = await db
    .selectFrom('organisations')
    .select(['id', 'business_id'])
    .where('business_id', 'in', COOPS)
    .execute()
  const manager = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@example.com')
    .executeTakeFirst()
  await db.transaction().execute(async (trx) => {
    for (const coop of coops) {
      const apartments = await trx
        .selectFrom('apartments')
        .select(['id', 'building_id', 'number', 'area_m2'])
        .where('org_id', '=', coop.id)
        .orderBy('number')
        .execute()
      const buildings = [...new Set(apartments.map((a) => a.building_id))]
      const meters = await trx
        .insertInto('meters')
        .values([
          ...apartments
            .flatMap((a, i) => [
              {
                kind: 'cold_water' as const,
                unit: 'm3' as const,
                apartment: a,
                serial: `KV-${coop.business_id}-${i + 1}`,
              },
              {
                kind: 'hot_water' as const,
                unit: 'm3' as const,
                apartment: a,
                serial: `LV-${coop.business_id}-${i + 1}`,
              },
            ])
            .map((m) => ({
              org_id: coop.id,
              building_id: m.apartment.building_id,
              apartment_id: m.apartment.id,
              kind: m.kind,
              serial: m.serial,
              unit: m.unit,
              location: m.kind === 'cold_water' ? 'Kylpyhuone' : 'Keittiö',
              external_id: null,
            })),
          ...buildings.map((b, i) => ({
            org_id: coop.id,
            building_id: b,
            apartment_id: null,
            kind: 'heat' as const,
            serial: `LM-${coop.business_id}-${i + 1}`,
            unit: 'MWh' as const,
            location: 'Lämmönjakohuone',
            external_id: null,
          })),
        ])
        .returning(['id', 'kind', 'apartment_id'])
        .execute()
      const readings = []
      for (const [n, m] of meters.entries()) {
        const perMonth = m.kind === 'heat' ? 9 : m.kind === 'cold_water' ? 3 + (n % 3) : 1.5 + (n % 2)
        let value = 100 + n * 7
        for (let back = 24; back >= 0; back--) {
          const day = today.minus({ days: 21 + back * 30 })
          const winter = [11, 12, 1, 2, 3].includes(day.month) ? 1.25 : 0.9
          value = Math.round((value + perMonth * winter) * 1000) / 1000
          readings.push({
            org_id: coop.id,
            meter_id: m.id,
            value,
            read_on: day.toISODate()!,
            status: 'accepted' as const,
            source: back % 6 === 0 ? ('staff' as const) : ('import' as const),
            submitted_by: back % 6 === 0 ? (manager?.id ?? null) : null,
          })
        }
      }
      for (let i = 0; i < readings.length; i += 1000) {
        await trx
          .insertInto('meter_readings')
          .values(readings.slice(i, i + 1000))
          .execute()
      }
      if (coop.business_id !== '2345678-0') continue
      // One implausible reading waiting for the maintenance staff, and an open round.
      const hot = meters.find((m) => m.kind === 'hot_water')!
      const last = readings.filter((r) => r.meter_id === hot.id).at(-1)!
      await trx
        .insertInto('meter_readings')
        .values({
          org_id: coop.id,
          meter_id: hot.id,
          value: last.value + 40,
          read_on: today.minus({ days: 2 }).toISODate()!,
          status: 'flagged',
          flag_reason: 'high_consumption',
          source: 'resident',
          submitted_by: null,
        })
        .execute()
      await trx
        .insertInto('reading_rounds')
        .values({
          org_id: coop.id,
          building_id: buildings[0]!,
          title: 'Vesimittarit, vuosineljänneksen loppu',
          kind: 'cold_water',
          opens_on: today.minus({ days: 3 }).toISODate()!,
          due_on: today.plus({ days: 14 }).toISODate()!,
          created_by: manager?.id ?? null,
        })
        .execute()
    }
  })
}
