import { z } from 'zod'
import { type Column, Year } from './common.ts'

/** Report 7, financial performance: rent vs charges, net and net yield per property. */
export const PerformanceParams = z.strictObject({ year: Year.optional() })
export type PerformanceParams = z.infer<typeof PerformanceParams>

export const PERFORMANCE_PROPERTY_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'rent', label: 'rent', kind: 'cents' },
  { key: 'charges', label: 'chargesPaid', kind: 'cents' },
  { key: 'net', label: 'net', kind: 'cents' },
  { key: 'price', label: 'price', kind: 'cents' },
  { key: 'yield', label: 'netYield', kind: 'percent' },
]
export const PERFORMANCE_MONTH_COLUMNS: Column[] = [
  { key: 'month', label: 'month', kind: 'month' },
  { key: 'rent', label: 'rent', kind: 'cents' },
  { key: 'charges', label: 'chargesPaid', kind: 'cents' },
  { key: 'net', label: 'net', kind: 'cents' },
]
