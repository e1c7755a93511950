import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * An invoice is kept after its payer is erased (bookkeeping law), with the payer's name as
 * issued; `payer_erased` marks it so the invoice search stops finding it by that name
 * (api/finance/invoiceSearch.ts), while the reference and the ERP number still find it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE finance_invoices ADD COLUMN payer_erased boolean NOT NULL DEFAULT false`.execute(db)
}
