import { LoanShareRow } from '../../../../schema/api/financeImport.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { existingByExternalId, upsertBatch } from '../upsert.ts'
import { type ApartmentIndex, apartmentIndex } from './apartments.ts'

/** The apartment's share of each loan of the cooperative (lainaosuus) and what remains of it. */
export const loanShareHandler: KindHandler<LoanShareRow, ApartmentIndex> = {
  schema: LoanShareRow,
  prepare: (trx, orgId) => apartmentIndex(trx, orgId),
  async apply(trx, orgId, apartments, batch) {
    const results = new Map<number, BatchResult>()
    const valid = []
    for (const { row, value } of batch) {
      const apartment = apartments.resolve(value.apartment)
      if ('error' in apartment) {
        results.set(row, {
          row,
          status: 'refused',
          errors: [{ path: 'apartment', message: apartment.error }],
        })
        continue
      }
      valid.push({
        row,
        externalId: value.externalId,
        columns: {
          apartment_id: apartment.id,
          loan_name: value.loanName,
          original_cents: value.originalCents,
          remaining_cents: value.remainingCents,
        },
      })
    }
    const existing = await existingByExternalId(
      trx,
      'finance_loan_shares',
      orgId,
      ['apartment_id', 'loan_name', 'original_cents', 'remaining_cents'],
      valid.map((v) => v.externalId),
    )
    const outcomes = await upsertBatch(trx, 'finance_loan_shares', orgId, valid, existing)
    for (const [i, v] of valid.entries()) results.set(v.row, { row: v.row, status: outcomes[i]!.outcome })
    return batch.map((b) => results.get(b.row)!)
  },
}
