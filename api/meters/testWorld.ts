import type { DB } from '../../server/db/connect.ts'
import { addMembership, createBuilding, createUser, member, signIn } from '../../server/test/factories.ts'
import { dayOffset, financeWorld } from '../finance/testWorld.ts'

/**
 * The finance test world (a managed cooperative with two apartments and one person per role, a
 * contractor, an investor and a stranger) with meters: cold water in A 1 and A 2, heat for the
 * building, and a history for A 1's water meter (1 m³ every ten days).
 */
export async function meterWorld(db: DB) {
  const w = await financeWorld(db)
  const buildingId = (
    await db.selectFrom('apartments').select('building_id').where('id', '=', w.a1).executeTakeFirstOrThrow()
  ).building_id
  const meter = async (apartmentId: string | null, kind: 'cold_water' | 'heat', unit: 'm3' | 'MWh') =>
    (
      await db
        .insertInto('meters')
        .values({
          org_id: w.coop.id,
          building_id: buildingId,
          apartment_id: apartmentId,
          kind,
          serial: `S-${crypto.randomUUID().slice(0, 8)}`,
          unit,
          external_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const water1 = await meter(w.a1, 'cold_water', 'm3')
  const water2 = await meter(w.a2, 'cold_water', 'm3')
  const heat = await meter(null, 'heat', 'MWh')
  for (const [i, value] of [100, 101, 102, 103].entries()) {
    await db
      .insertInto('meter_readings')
      .values({
        org_id: w.coop.id,
        meter_id: water1,
        value,
        read_on: dayOffset(-40 + i * 10),
        status: 'accepted',
        source: 'staff',
        submitted_by: w.manager.id,
      })
      .execute()
  }
  return { ...w, buildingId, water1, water2, heat }
}
export type MeterWorld = Awaited<ReturnType<typeof meterWorld>>

/**
 * A second building B in the same cooperative with apartment B 1, its resident and a water meter
 * there, and maintenance staff scoped by a cooperative membership to building A or to B.
 */
export async function withSecondBuilding(db: DB, w: MeterWorld) {
  const b = await createBuilding(db, w.coop.id, 'B')
  const residentB = await member(db, w.coop.id, 'resident')
  await db
    .updateTable('memberships')
    .set({ building_id: b.buildingId, apartment_id: b.apartmentId })
    .where('id', '=', residentB.membershipId)
    .execute()
  const waterB = (
    await db
      .insertInto('meters')
      .values({
        org_id: w.coop.id,
        building_id: b.buildingId,
        apartment_id: b.apartmentId,
        kind: 'cold_water',
        serial: `S-${crypto.randomUUID().slice(0, 8)}`,
        unit: 'm3',
        external_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const scopedMaintenance = async (buildingId: string) => {
    const user = await createUser(db)
    await addMembership(db, w.coop.id, user.id, 'maintenance_staff', { buildingId })
    return { ...user, token: await signIn(db, user.id) }
  }
  return {
    buildingB: b.buildingId,
    apartmentB: b.apartmentId,
    residentB,
    waterB,
    maintenanceA: await scopedMaintenance(w.buildingId),
    maintenanceB: await scopedMaintenance(b.buildingId),
  }
}
