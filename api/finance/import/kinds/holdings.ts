import { HoldingRow, RenovationRow, RentRow } from '../../../../schema/api/financeImport.ts'
import type { DB } from '../../../../server/db/connect.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { existingByExternalId, upsertBatch } from '../upsert.ts'
import { type ApartmentIndex, apartmentIndex } from './apartments.ts'

/**
 * The investor kinds (issue 15). `holdings` (into a portfolio): the apartments it holds in the
 * properties it holds, the property by business ID — a property not already held is refused
 * (a cooperative's admin adds it: holding an apartment opens its finance to the portfolio).
 * `rents` (into a portfolio): a month's rent of a holding, named by the holding's externalId.
 * `renovations` (into a cooperative): its long-term maintenance plan.
 */
async function orgKind(trx: DB, orgId: string) {
  const row = await trx.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst()
  return row?.kind
}
const refuse = (row: number, path: string, message: string): BatchResult => ({
  row,
  status: 'refused',
  errors: [{ path, message }],
})

interface HoldingCtx {
  portfolio: boolean
  coops: Map<string, string>
  indexes: Map<string, ApartmentIndex>
}

export const holdingHandler: KindHandler<HoldingRow, HoldingCtx> = {
  schema: HoldingRow,
  async prepare(trx, orgId) {
    const held = await trx
      .selectFrom('portfolio_holdings as h')
      .innerJoin('organisations as o', 'o.id', 'h.cooperative_id')
      .select(['o.id', 'o.business_id'])
      .where('h.org_id', '=', orgId)
      .execute()
    return {
      portfolio: (await orgKind(trx, orgId)) === 'investor_portfolio',
      coops: new Map(held.filter((h) => h.business_id).map((h) => [h.business_id!, h.id])),
      indexes: new Map(),
    }
  },
  async apply(trx, orgId, ctx, batch) {
    const out: BatchResult[] = []
    for (const { row, value } of batch) {
      if (!ctx.portfolio) {
        out.push(refuse(row, 'cooperative', 'Holdings are imported into an investor portfolio.'))
        continue
      }
      const coopId = ctx.coops.get(value.cooperative)
      if (!coopId) {
        out.push(
          refuse(row, 'cooperative', 'The portfolio does not hold this property; its admin adds it first.'),
        )
        continue
      }
      let index = ctx.indexes.get(coopId)
      if (!index) {
        index = await apartmentIndex(trx, coopId)
        ctx.indexes.set(coopId, index)
      }
      const apartment = index.resolve(value.apartment)
      if ('error' in apartment) {
        out.push(refuse(row, 'apartment', apartment.error))
        continue
      }
      const columns = {
        external_id: value.externalId,
        acquired_on: value.acquiredOn ?? null,
        price_cents: value.priceCents ?? null,
      }
      const before = await trx
        .selectFrom('portfolio_apartments')
        .select([
          'external_id',
          (eb) =>
            eb.fn<string | null>('to_char', [eb.ref('acquired_on'), eb.val('YYYY-MM-DD')]).as('acquired'),
          'price_cents',
        ])
        .where('org_id', '=', orgId)
        .where('apartment_id', '=', apartment.id)
        .executeTakeFirst()
      const same =
        before &&
        before.external_id === columns.external_id &&
        before.acquired === columns.acquired_on &&
        (before.price_cents === null ? null : Number(before.price_cents)) === columns.price_cents
      if (same) {
        out.push({ row, status: 'unchanged' })
        continue
      }
      await trx
        .insertInto('portfolio_apartments')
        .values({ org_id: orgId, cooperative_id: coopId, apartment_id: apartment.id, ...columns })
        .onConflict((oc) => oc.columns(['org_id', 'apartment_id']).doUpdateSet(columns))
        .execute()
      out.push({ row, status: before ? 'updated' : 'created' })
    }
    return out
  },
}

export const rentHandler: KindHandler<RentRow, Map<string, string>> = {
  schema: RentRow,
  async prepare(trx, orgId) {
    const rows = await trx
      .selectFrom('portfolio_apartments')
      .select(['external_id', 'apartment_id'])
      .where('org_id', '=', orgId)
      .where('external_id', 'is not', null)
      .execute()
    return new Map(rows.map((r) => [r.external_id!, r.apartment_id]))
  },
  async apply(trx, orgId, holdings, batch) {
    const results = new Map<number, BatchResult>()
    const valid = []
    for (const { row, value } of batch) {
      const apartmentId = holdings.get(value.holding)
      if (!apartmentId) {
        results.set(row, refuse(row, 'holding', `No holding "${value.holding}" in this portfolio.`))
        continue
      }
      valid.push({
        row,
        externalId: value.externalId,
        columns: { apartment_id: apartmentId, month: value.month, amount_cents: value.amountCents },
      })
    }
    const existing = await existingByExternalId(
      trx,
      'portfolio_rents',
      orgId,
      ['apartment_id', 'month', 'amount_cents'],
      valid.map((v) => v.externalId),
    )
    const outcomes = await upsertBatch(trx, 'portfolio_rents', orgId, valid, existing, {
      updated_at: 'now()',
    })
    for (const [i, v] of valid.entries()) results.set(v.row, { row: v.row, status: outcomes[i]!.outcome })
    return batch.map((b) => results.get(b.row)!)
  },
}

export const renovationHandler: KindHandler<RenovationRow, boolean> = {
  schema: RenovationRow,
  prepare: async (trx, orgId) => (await orgKind(trx, orgId)) === 'housing_cooperative',
  async apply(trx, orgId, cooperative, batch) {
    if (!cooperative) {
      return batch.map((b) =>
        refuse(b.row, 'externalId', 'Renovation plans are imported into a cooperative.'),
      )
    }
    const items = batch.map(({ row, value }) => ({
      row,
      externalId: value.externalId,
      columns: { title: value.title, planned_year: value.plannedYear, estimate_cents: value.estimateCents },
    }))
    const existing = await existingByExternalId(
      trx,
      'renovation_plans',
      orgId,
      ['title', 'planned_year', 'estimate_cents'],
      items.map((i) => i.externalId),
    )
    const outcomes = await upsertBatch(trx, 'renovation_plans', orgId, items, existing, {
      updated_at: 'now()',
    })
    return items.map((item, i) => ({ row: item.row, status: outcomes[i]!.outcome }))
  },
}
