import type { ImportKind } from '../../../../schema/api/financeImport.ts'
import type { ApiKeyScope } from '../../../../schema/finance/kinds.ts'
import { meterImportHandler } from '../../../meters/import/meters.ts'
import { readingImportHandler } from '../../../meters/import/readings.ts'
import { apartmentImportHandler } from '../../../onboarding/apartmentImport.ts'
import type { KindHandler } from '../engine.ts'
import { actualHandler, budgetHandler } from './budgets.ts'
import { holdingHandler, renovationHandler, rentHandler } from './holdings.ts'
import { invoiceHandler } from './invoices.ts'
import { loanShareHandler } from './loanShares.ts'
import { paymentHandler } from './payments.ts'
import { supplierInvoiceHandler } from './supplierInvoices.ts'

// biome-ignore lint/suspicious/noExplicitAny: each handler has its own row and context types.
type AnyHandler = KindHandler<any, any>

/** Each import kind: its handler and the key scope it needs. */
export const IMPORT_HANDLERS: Record<ImportKind, { handler: AnyHandler; scope: ApiKeyScope }> = {
  invoices: { handler: invoiceHandler, scope: 'finance:write' },
  payments: { handler: paymentHandler, scope: 'finance:write' },
  budgets: { handler: budgetHandler, scope: 'finance:write' },
  actuals: { handler: actualHandler, scope: 'finance:write' },
  'supplier-invoices': { handler: supplierInvoiceHandler, scope: 'finance:write' },
  'loan-shares': { handler: loanShareHandler, scope: 'finance:write' },
  apartments: { handler: apartmentImportHandler, scope: 'directory:write' },
  holdings: { handler: holdingHandler, scope: 'finance:write' },
  rents: { handler: rentHandler, scope: 'finance:write' },
  renovations: { handler: renovationHandler, scope: 'finance:write' },
  // Meters (issue 17): the cooperative's structure, not its books.
  meters: { handler: meterImportHandler, scope: 'directory:write' },
  readings: { handler: readingImportHandler, scope: 'directory:write' },
}
