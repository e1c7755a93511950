import { z } from 'zod'
import { type Column, Month, Year } from './common.ts'

/** Report 2, balance summary: budget vs actual by category, result and cash, per apartment. */
export const BalanceParams = z.strictObject({ year: Year.optional(), month: Month.optional() })
export type BalanceParams = z.infer<typeof BalanceParams>

export const BALANCE_CATEGORY_COLUMNS: Column[] = [
  { key: 'category', label: 'category', kind: 'text', values: 'category' },
  { key: 'budget', label: 'budget', kind: 'cents' },
  { key: 'actual', label: 'actualToDate', kind: 'cents' },
  { key: 'previous', label: 'previousYear', kind: 'cents' },
  { key: 'remaining', label: 'remaining', kind: 'cents' },
]
export const BALANCE_SUMMARY_COLUMNS: Column[] = [
  { key: 'item', label: 'item', kind: 'text', values: 'item' },
  { key: 'amount', label: 'amount', kind: 'cents' },
  { key: 'previous', label: 'previousYear', kind: 'cents' },
]
export const BALANCE_APARTMENT_COLUMNS: Column[] = [
  { key: 'apartment', label: 'apartment', kind: 'text' },
  { key: 'billed', label: 'billed', kind: 'cents' },
  { key: 'paid', label: 'paid', kind: 'cents' },
  { key: 'outstanding', label: 'outstanding', kind: 'cents' },
]
