import { SupplierInvoiceRow } from '../../../../schema/api/financeImport.ts'
import type { DB } from '../../../../server/db/connect.ts'
import type { BatchResult, KindHandler } from '../engine.ts'
import { type Columns, existingByExternalId, upsertBatch } from '../upsert.ts'

const COLUMNS = [
  'supplier_org_id',
  'supplier_name',
  'supplier_business_id',
  'invoice_number',
  'description',
  'category',
  'amount_cents',
  'vat_cents',
  'issued_on',
  'due_date',
  'status',
] as const

/**
 * Invoices to the cooperative. A supplier with a business ID that belongs to a partner company on
 * the platform is linked to it, so its contractors see their own invoices. An invoice the board
 * has already decided keeps its decision; the import may not change its amount or supplier.
 */
export const supplierInvoiceHandler: KindHandler<SupplierInvoiceRow, null> = {
  schema: SupplierInvoiceRow,
  prepare: async () => null,
  async apply(trx: DB, orgId, _ctx, batch) {
    const partners = await partnersByBusinessId(
      trx,
      batch.map((b) => b.value.supplierBusinessId).filter((id): id is string => !!id),
    )
    const all = batch.map((b) => ({
      row: b.row,
      externalId: b.value.externalId,
      columns: {
        supplier_org_id: (b.value.supplierBusinessId && partners.get(b.value.supplierBusinessId)) || null,
        supplier_name: b.value.supplierName,
        supplier_business_id: b.value.supplierBusinessId ?? null,
        invoice_number: b.value.invoiceNumber,
        description: b.value.description,
        category: b.value.category,
        amount_cents: b.value.amountCents,
        vat_cents: b.value.vatCents,
        issued_on: b.value.issuedOn,
        due_date: b.value.dueDate,
      } as Columns,
    }))
    const existing = await existingByExternalId(
      trx,
      'finance_supplier_invoices',
      orgId,
      COLUMNS,
      all.map((i) => i.externalId),
    )
    const results = new Map<number, BatchResult>()
    // `status` is read, never written: the board's decision is not the ERP's to change.
    const writable = all.filter((item) => {
      const found = existing.get(item.externalId)
      if (!found || found.text.status === 'pending') return true
      // Decided: a changed amount or supplier would make the decision about another invoice.
      const changed = DECIDED_FIXED.filter(
        (k) => String(item.columns[k] ?? '') !== String(found.text[k] ?? ''),
      )
      if (changed.length === 0) return true
      results.set(item.row, {
        row: item.row,
        status: 'refused',
        errors: changed.map((k) => ({
          path: FIELD[k],
          message: `The board has already ${found.text.status} this invoice.`,
        })),
      })
      return false
    })
    const outcomes = await upsertBatch(trx, 'finance_supplier_invoices', orgId, writable, existing, {
      updated_at: new Date().toISOString(),
    })
    for (const [i, item] of writable.entries())
      results.set(item.row, { row: item.row, status: outcomes[i]!.outcome })
    return batch.map((b) => results.get(b.row)!)
  },
}

const DECIDED_FIXED = ['amount_cents', 'vat_cents', 'supplier_name', 'supplier_business_id'] as const
const FIELD: Record<(typeof DECIDED_FIXED)[number], string> = {
  amount_cents: 'amountCents',
  vat_cents: 'vatCents',
  supplier_name: 'supplierName',
  supplier_business_id: 'supplierBusinessId',
}

async function partnersByBusinessId(trx: DB, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await trx
    .selectFrom('organisations')
    .select(['id', 'business_id'])
    .where('kind', '=', 'partner_company')
    .where('business_id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.business_id!, r.id]))
}
