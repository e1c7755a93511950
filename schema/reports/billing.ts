import { z } from 'zod'
import { INVOICE_KINDS } from '../finance/kinds.ts'
import { INVOICE_STATUSES } from '../finance/status.ts'
import { type Column, Id, Year } from './common.ts'

/** Report 3, billing details: invoices by kind, period, status and ageing. */
export const BillingParams = z.strictObject({
  year: Year.optional(),
  kind: z.enum(INVOICE_KINDS).optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
  apartmentId: Id.optional(),
})
export type BillingParams = z.infer<typeof BillingParams>

export const BILLING_INVOICE_COLUMNS: Column[] = [
  { key: 'apartment', label: 'apartment', kind: 'text' },
  { key: 'kind', label: 'kind', kind: 'text', values: 'kind' },
  { key: 'period', label: 'period', kind: 'month' },
  { key: 'dueDate', label: 'dueDate', kind: 'date' },
  { key: 'status', label: 'status', kind: 'text', values: 'status' },
  { key: 'ageing', label: 'ageing', kind: 'text', values: 'ageing' },
  { key: 'amount', label: 'amount', kind: 'cents' },
  { key: 'paid', label: 'paid', kind: 'cents' },
  { key: 'open', label: 'open', kind: 'cents' },
]
export const BILLING_AGEING_COLUMNS: Column[] = [
  { key: 'ageing', label: 'ageing', kind: 'text', values: 'ageing' },
  { key: 'count', label: 'count', kind: 'int' },
  { key: 'open', label: 'open', kind: 'cents' },
]
/** The invoices table shows this many; the CSV and PDF have every row. */
export const BILLING_PAGE_ROWS = 2000
