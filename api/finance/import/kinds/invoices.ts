import { sql } from 'kysely'
import { InvoiceRow } from '../../../../schema/api/financeImport.ts'
import type { DB } from '../../../../server/db/connect.ts'
import { matchWaitingPayments, refreshInvoices } from '../../matching.ts'
import { notifySettled } from '../../paidNotice.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { anyOf, type Columns, existingByExternalId, type UpsertItem, upsertBatch } from '../upsert.ts'
import { type ApartmentIndex, apartmentIndex } from './apartments.ts'

const COLUMNS = [
  'apartment_id',
  'payer_name',
  'kind',
  'period',
  'description',
  'amount_cents',
  'vat_cents',
  'issued_on',
  'due_date',
  'reference',
  'iban',
] as const

interface Ctx {
  apartments: ApartmentIndex
  /** reference → the row of this file that used it first */
  references: Map<string, number>
}

/**
 * Charges to apartments. The reference number is the invoice's identity at the bank, so it is
 * unique per cooperative: a reference another invoice already carries is refused. After the
 * batch, payments that arrived before their invoice are matched and the touched invoices'
 * sums recomputed (an amount change may settle or reopen one).
 */
export const invoiceHandler: KindHandler<InvoiceRow, Ctx> = {
  schema: InvoiceRow,
  table: 'finance_invoices',
  prepare: async (trx, orgId) => ({ apartments: await apartmentIndex(trx, orgId), references: new Map() }),
  async apply(trx: DB, orgId, ctx, batch) {
    const results = new Map<number, BatchResult>()
    const valid: { row: number; item: UpsertItem }[] = []
    const taken = await referencesTaken(
      trx,
      orgId,
      batch.map((b) => b.value.reference),
    )
    for (const { row, value } of batch) {
      const apartment = ctx.apartments.resolve(value.apartment)
      const errors = []
      if ('error' in apartment) errors.push({ path: 'apartment', message: apartment.error })
      const firstUse = ctx.references.get(value.reference)
      if (firstUse !== undefined) {
        errors.push({ path: 'reference', message: `Also used by row ${firstUse} of this file.` })
      } else {
        const owner = taken.get(value.reference)
        if (owner !== undefined && owner !== value.externalId) {
          errors.push({
            path: 'reference',
            message: `Already used by invoice ${owner ?? '(entered by hand)'}.`,
          })
        }
      }
      if (errors.length > 0 || 'error' in apartment) {
        results.set(row, { row, status: 'refused', errors })
        continue
      }
      ctx.references.set(value.reference, row)
      const columns: Columns = {
        apartment_id: apartment.id,
        payer_name: value.payerName,
        kind: value.kind,
        period: value.period,
        description: value.description,
        amount_cents: value.amountCents,
        vat_cents: value.vatCents,
        issued_on: value.issuedOn,
        due_date: value.dueDate,
        reference: value.reference,
        iban: value.iban,
      }
      valid.push({ row, item: { externalId: value.externalId, columns } })
    }
    const items = valid.map((v) => v.item)
    const existing = await existingByExternalId(
      trx,
      'finance_invoices',
      orgId,
      COLUMNS,
      items.map((i) => i.externalId),
    )
    const outcomes = await upsertBatch(trx, 'finance_invoices', orgId, items, existing, {
      updated_at: new Date().toISOString(),
    })
    const updated: string[] = []
    const references: string[] = []
    outcomes.forEach((o, i) => {
      const { row, item } = valid[i]!
      results.set(row, { row, status: o.outcome })
      if (o.outcome === 'updated') updated.push(o.id)
      if (o.outcome !== 'unchanged') references.push(String(item.columns.reference))
    })
    // New invoices owe in full unless a waiting payment names them; an updated amount may settle or reopen one.
    const matched = await matchWaitingPayments(trx, orgId, references)
    const settled = await refreshInvoices(trx, orgId, [...new Set([...updated, ...matched])])
    await notifySettled(trx, orgId, settled)
    return batch.map((b) => results.get(b.row)!)
  },
}

/** Which invoice (by external id; null when entered without one) carries each reference. */
async function referencesTaken(
  trx: DB,
  orgId: string,
  references: string[],
): Promise<Map<string, string | null>> {
  if (references.length === 0) return new Map()
  const { rows } = await sql<{ reference: string; external_id: string | null }>`
    SELECT reference, external_id FROM finance_invoices
     WHERE org_id = ${orgId} AND reference = ${anyOf(references)}`.execute(trx)
  return new Map(rows.map((r) => [r.reference, r.external_id]))
}
