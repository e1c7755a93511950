import { MeterImportRow } from '../../../schema/api/meterImport.ts'
import type { DB } from '../../../server/db/connect.ts'
import type { BatchResult, KindHandler } from '../../finance/import/engine.ts'
import { existingByExternalId, upsertBatch } from '../../finance/import/upsert.ts'

/**
 * Meters from the source system: a building by id or name, an apartment of that building by id or
 * number. Re-importing the same externalId updates the meter in place; a serial number another
 * live meter of the same kind holds is refused for that row only.
 */
interface Places {
  building(ref: string): { id: string } | { error: string }
  apartment(buildingId: string, ref: string): { id: string } | { error: string }
}

async function places(trx: DB, orgId: string): Promise<Places> {
  const [buildings, apartments] = await Promise.all([
    trx.selectFrom('buildings').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    trx
      .selectFrom('apartments')
      .select(['id', 'number', 'building_id'])
      .where('org_id', '=', orgId)
      .execute(),
  ])
  const norm = (s: string) => s.trim().toLowerCase()
  return {
    building(ref) {
      const found = buildings.filter((b) => b.id === ref || norm(b.name) === norm(ref))
      if (found.length === 1) return { id: found[0]!.id }
      return {
        error: found.length ? `Several buildings are called "${ref}"; give its id.` : `No building "${ref}".`,
      }
    },
    apartment(buildingId, ref) {
      const found = apartments.find(
        (a) => a.building_id === buildingId && (a.id === ref || norm(a.number) === norm(ref)),
      )
      return found ? { id: found.id } : { error: `No apartment "${ref}" in that building.` }
    },
  }
}

const COLUMNS = ['building_id', 'apartment_id', 'kind', 'serial', 'unit', 'location']

export const meterImportHandler: KindHandler<MeterImportRow, Places> = {
  schema: MeterImportRow,
  prepare: places,
  async apply(trx, orgId, where, batch) {
    const results = new Map<number, BatchResult>()
    const valid = []
    for (const { row, value } of batch) {
      const building = where.building(value.building)
      const apartment =
        'id' in building && value.apartment ? where.apartment(building.id, value.apartment) : null
      const error =
        'error' in building ? building.error : apartment && 'error' in apartment ? apartment.error : null
      if (error || !('id' in building)) {
        const path = 'error' in building ? 'building' : 'apartment'
        results.set(row, { row, status: 'refused', errors: [{ path, message: error ?? 'Unknown place.' }] })
        continue
      }
      valid.push({
        row,
        externalId: value.externalId,
        columns: {
          building_id: building.id,
          apartment_id: apartment && 'id' in apartment ? apartment.id : null,
          kind: value.kind,
          serial: value.serial,
          unit: value.unit,
          location: value.location,
        },
      })
    }
    // Serial numbers already held by another live meter (or twice in this batch) refuse that row.
    const taken = await trx
      .selectFrom('meters')
      .select(['kind', 'serial', 'external_id'])
      .where('org_id', '=', orgId)
      .where('retired_at', 'is', null)
      .execute()
    const holder = new Map(taken.map((t) => [`${t.kind}:${t.serial}`, t.external_id]))
    const accepted = valid.filter((v) => {
      const key = `${v.columns.kind}:${v.columns.serial}`
      const held = holder.get(key)
      if (held !== undefined && held !== v.externalId) {
        results.set(v.row, {
          row: v.row,
          status: 'refused',
          errors: [{ path: 'serial', message: 'Another meter of this kind has that serial number.' }],
        })
        return false
      }
      holder.set(key, v.externalId)
      return true
    })
    const existing = await existingByExternalId(
      trx,
      'meters',
      orgId,
      COLUMNS,
      accepted.map((v) => v.externalId),
    )
    const outcomes = await upsertBatch(trx, 'meters', orgId, accepted, existing)
    for (const [i, v] of accepted.entries()) results.set(v.row, { row: v.row, status: outcomes[i]!.outcome })
    return batch.map((b) => results.get(b.row)!)
  },
}
