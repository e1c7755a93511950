import { z } from 'zod'
import { type Column, Year } from './common.ts'

/** Report 5, project economics: supplier invoices per supplier and month, open approvals. */
export const EconomicsParams = z.strictObject({ year: Year.optional() })
export type EconomicsParams = z.infer<typeof EconomicsParams>

export const ECONOMICS_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'supplier', label: 'supplier', kind: 'text' },
  { key: 'invoiced', label: 'invoiced', kind: 'cents' },
  { key: 'approved', label: 'approved', kind: 'cents' },
  { key: 'pending', label: 'pendingApproval', kind: 'cents' },
  { key: 'pendingCount', label: 'pendingCount', kind: 'int' },
]
