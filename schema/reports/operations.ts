import { z } from 'zod'
import { type Column, Year } from './common.ts'

/** Report 9, operations: cases opened and closed, handling times, per property and month. */
export const OperationsParams = z.strictObject({ year: Year.optional() })
export type OperationsParams = z.infer<typeof OperationsParams>

export const OPERATIONS_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'open', label: 'openNow', kind: 'int' },
  { key: 'opened', label: 'opened', kind: 'int' },
  { key: 'closed', label: 'closed', kind: 'int' },
  { key: 'avgDays', label: 'avgHandlingDays', kind: 'days' },
  { key: 'tasksDone', label: 'tasksDone', kind: 'int' },
]
