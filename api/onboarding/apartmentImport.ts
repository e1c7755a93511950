import { type ApartmentImportRow, ApartmentImportRow as RowSchema } from '../../schema/api/onboarding.ts'
import type { DB } from '../../server/db/connect.ts'
import type { BatchResult, KindHandler } from '../finance/import/engine.ts'
import { existingByExternalId, upsertBatch } from '../finance/import/upsert.ts'

/**
 * The `apartments` import kind (issue 18): the same engine, report and idempotence as the finance
 * kinds (api/finance/import). Buildings and staircases are found by name (case-insensitive) and
 * created when a row names them first; an apartment is keyed by its external id. An apartment
 * added by hand earlier (no external id) with the same building and number is adopted, not
 * duplicated; a number that belongs to another external id in that building is refused.
 */
interface Ctx {
  buildings: Map<string, string>
  staircases: Map<string, string>
  /** building id + number → external id (null: added by hand) and apartment id. */
  numbers: Map<string, { id: string; externalId: string | null }>
}

const key = (...parts: string[]) => parts.map((p) => p.trim().toLowerCase()).join('\u0000')

export const apartmentImportHandler: KindHandler<ApartmentImportRow, Ctx> = {
  schema: RowSchema as never,
  async prepare(trx, orgId) {
    const [buildings, staircases, apartments] = await Promise.all([
      trx.selectFrom('buildings').select(['id', 'name']).where('org_id', '=', orgId).execute(),
      trx
        .selectFrom('staircases')
        .select(['id', 'building_id', 'name'])
        .where('org_id', '=', orgId)
        .execute(),
      trx
        .selectFrom('apartments')
        .select(['id', 'building_id', 'number', 'external_id'])
        .where('org_id', '=', orgId)
        .execute(),
    ])
    return {
      buildings: new Map(buildings.map((b) => [key(b.name), b.id])),
      staircases: new Map(staircases.map((s) => [key(s.building_id, s.name), s.id])),
      numbers: new Map(
        apartments.map((a) => [key(a.building_id, a.number), { id: a.id, externalId: a.external_id }]),
      ),
    }
  },
  async apply(trx, orgId, ctx, batch) {
    const results = new Map<number, BatchResult>()
    const valid: { row: number; externalId: string; columns: Record<string, string | number | null> }[] = []
    for (const { row, value } of batch) {
      const buildingId = await buildingFor(trx, orgId, ctx, value)
      const staircaseId = value.staircase
        ? await staircaseFor(trx, orgId, ctx, buildingId, value.staircase)
        : null
      const taken = ctx.numbers.get(key(buildingId, value.number))
      if (taken && taken.externalId !== null && taken.externalId !== value.externalId) {
        results.set(row, {
          row,
          status: 'refused',
          errors: [
            {
              path: 'number',
              message: `Apartment ${value.number} of ${value.building} is another row's (${taken.externalId}).`,
            },
          ],
        })
        continue
      }
      if (taken && taken.externalId === null) {
        // Adopt the apartment added by hand: from now on the import keeps it.
        await trx
          .updateTable('apartments')
          .set({ external_id: value.externalId })
          .where('id', '=', taken.id)
          .execute()
        taken.externalId = value.externalId
      }
      ctx.numbers.set(key(buildingId, value.number), { id: taken?.id ?? '', externalId: value.externalId })
      valid.push({
        row,
        externalId: value.externalId,
        columns: {
          building_id: buildingId,
          staircase_id: staircaseId,
          number: value.number,
          area_m2: value.areaM2.toFixed(1),
          share_count: value.shareCount,
        },
      })
    }
    const existing = await existingByExternalId(
      trx,
      'apartments',
      orgId,
      ['building_id', 'staircase_id', 'number', 'area_m2', 'share_count'],
      valid.map((v) => v.externalId),
    )
    const outcomes = await upsertBatch(trx, 'apartments', orgId, valid, existing)
    for (const [i, v] of valid.entries()) results.set(v.row, { row: v.row, status: outcomes[i]!.outcome })
    return batch.map((b) => results.get(b.row)!)
  },
}

async function buildingFor(trx: DB, orgId: string, ctx: Ctx, row: ApartmentImportRow): Promise<string> {
  const found = ctx.buildings.get(key(row.building))
  if (found) return found
  const created = await trx
    .insertInto('buildings')
    .values({ org_id: orgId, name: row.building, address: row.address })
    .returning('id')
    .executeTakeFirstOrThrow()
  ctx.buildings.set(key(row.building), created.id)
  return created.id
}

async function staircaseFor(
  trx: DB,
  orgId: string,
  ctx: Ctx,
  buildingId: string,
  name: string,
): Promise<string> {
  const found = ctx.staircases.get(key(buildingId, name))
  if (found) return found
  const created = await trx
    .insertInto('staircases')
    .values({ org_id: orgId, building_id: buildingId, name })
    .returning('id')
    .executeTakeFirstOrThrow()
  ctx.staircases.set(key(buildingId, name), created.id)
  return created.id
}
