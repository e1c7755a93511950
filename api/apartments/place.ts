import type { DB } from '../../server/db/connect.ts'

/** An apartment (or building) of one cooperative, by id: null when it is not that cooperative's. */
export async function loadApartment(db: DB, orgId: string, apartmentId: string) {
  return db
    .selectFrom('apartments as a')
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.id', '=', 'a.building_id').onRef('b.org_id', '=', 'a.org_id'),
    )
    .select(['a.id', 'a.number', 'a.area_m2', 'a.share_count', 'b.id as building_id', 'b.name', 'b.address'])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', apartmentId)
    .executeTakeFirst()
}

export async function loadBuilding(db: DB, orgId: string, buildingId: string) {
  return db
    .selectFrom('buildings')
    .select(['id', 'name', 'address'])
    .where('org_id', '=', orgId)
    .where('id', '=', buildingId)
    .executeTakeFirst()
}
