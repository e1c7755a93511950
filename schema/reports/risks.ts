import { z } from 'zod'
import type { Column } from './common.ts'

/** Report 8, costs and risks: loan shares, planned renovations, overdue charges per property. */
export const RisksParams = z.strictObject({})
export type RisksParams = z.infer<typeof RisksParams>

export const RISK_PROPERTY_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'loanRemaining', label: 'loanRemaining', kind: 'cents' },
  { key: 'overdue', label: 'overdue', kind: 'cents' },
  { key: 'renovations', label: 'renovationsPlanned', kind: 'int' },
  { key: 'renovationShare', label: 'renovationShare', kind: 'cents' },
]
export const RISK_RENOVATION_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'year', label: 'year', kind: 'int' },
  { key: 'title', label: 'title', kind: 'text' },
  { key: 'estimate', label: 'estimate', kind: 'cents' },
  { key: 'share', label: 'portfolioShare', kind: 'cents' },
]
