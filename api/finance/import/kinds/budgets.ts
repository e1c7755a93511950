import { ActualRow, BudgetRow } from '../../../../schema/api/financeImport.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { existingByExternalId, upsertBatch } from '../upsert.ts'

/** Budget lines and monthly actuals per cost category; lines of one category add up in the report. */
export const budgetHandler: KindHandler<BudgetRow, null> = {
  schema: BudgetRow,
  prepare: async () => null,
  async apply(trx, orgId, _ctx, batch) {
    const items = batch.map((b) => ({
      externalId: b.value.externalId,
      columns: {
        fiscal_year: b.value.fiscalYear,
        category: b.value.category,
        amount_cents: b.value.amountCents,
      },
    }))
    const existing = await existingByExternalId(
      trx,
      'finance_budgets',
      orgId,
      ['fiscal_year', 'category', 'amount_cents'],
      items.map((i) => i.externalId),
    )
    const outcomes = await upsertBatch(trx, 'finance_budgets', orgId, items, existing, {
      updated_at: new Date().toISOString(),
    })
    return batch.map((b, i): BatchResult => ({ row: b.row, status: outcomes[i]!.outcome }))
  },
}

export const actualHandler: KindHandler<ActualRow, null> = {
  schema: ActualRow,
  prepare: async () => null,
  async apply(trx, orgId, _ctx, batch) {
    const items = batch.map((b) => ({
      externalId: b.value.externalId,
      columns: {
        fiscal_year: b.value.fiscalYear,
        month: b.value.month,
        category: b.value.category,
        amount_cents: b.value.amountCents,
      },
    }))
    const existing = await existingByExternalId(
      trx,
      'finance_actuals',
      orgId,
      ['fiscal_year', 'month', 'category', 'amount_cents'],
      items.map((i) => i.externalId),
    )
    const outcomes = await upsertBatch(trx, 'finance_actuals', orgId, items, existing, {
      updated_at: new Date().toISOString(),
    })
    return batch.map((b, i): BatchResult => ({ row: b.row, status: outcomes[i]!.outcome }))
  },
}
