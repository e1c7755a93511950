import { PaymentRow } from '../../../../schema/api/financeImport.ts'
import { normaliseReference } from '../../../../schema/finance/reference.ts'
import type { DB } from '../../../../server/db/connect.ts'
import { refreshInvoices } from '../../matching.ts'
import { notifySettled } from '../../paidNotice.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { existingByExternalId, upsertBatch } from '../upsert.ts'

const COLUMNS = ['reference', 'amount_cents', 'paid_on', 'payer_name', 'invoice_id'] as const

/**
 * Bank transfers. A payment whose reference names an invoice of the cooperative is matched to it;
 * any other (no reference, a wrong one, an invoice not imported yet) waits in "unmatched" until an
 * invoice with that reference arrives or the accountant matches it. Invoices whose payments
 * changed are recomputed in the same transaction.
 */
export const paymentHandler: KindHandler<PaymentRow, null> = {
  schema: PaymentRow,
  table: 'finance_payments',
  prepare: async () => null,
  async apply(trx: DB, orgId, _ctx, batch) {
    const references = batch.map(
      (b) => normaliseReference(b.value.reference) ?? b.value.reference.replace(/\s+/g, ''),
    )
    const invoices = await invoicesByReference(trx, orgId, references)
    const items = batch.map((b, i) => {
      const reference = references[i]!
      return {
        externalId: b.value.externalId,
        columns: {
          reference,
          amount_cents: b.value.amountCents,
          paid_on: b.value.paidOn,
          payer_name: b.value.payerName,
          invoice_id: invoices.get(reference) ?? null,
        },
      }
    })
    const existing = await existingByExternalId(
      trx,
      'finance_payments',
      orgId,
      COLUMNS,
      items.map((i) => i.externalId),
    )
    // Imported rows say where they came from; only new ones need it (it never changes).
    const outcomes = await upsertBatch(
      trx,
      'finance_payments',
      orgId,
      items.map((i) =>
        existing.has(i.externalId) ? i : { ...i, columns: { ...i.columns, source: 'import' } },
      ),
      existing,
    )
    // Both the invoice a changed payment now names and the one it named before.
    const touched = new Set<string>()
    outcomes.forEach((o, i) => {
      if (o.outcome === 'unchanged') return
      const item = items[i]!
      const before = existing.get(item.externalId)?.text.invoice_id
      if (before) touched.add(before)
      if (item.columns.invoice_id) touched.add(String(item.columns.invoice_id))
    })
    await notifySettled(trx, orgId, await refreshInvoices(trx, orgId, [...touched]))
    return batch.map((b, i): BatchResult => ({ row: b.row, status: outcomes[i]!.outcome }))
  },
}

async function invoicesByReference(
  trx: DB,
  orgId: string,
  references: string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(references.filter((r) => r !== ''))]
  if (wanted.length === 0) return new Map()
  const rows = await trx
    .selectFrom('finance_invoices')
    .select(['id', 'reference'])
    .where('org_id', '=', orgId)
    .where('reference', 'in', wanted)
    .execute()
  return new Map(rows.map((r) => [r.reference, r.id]))
}
