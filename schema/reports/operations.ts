import { z } from 'zod'
import { type Column, Year } from './common.ts'

/**
 * Report 9, operations: cases opened and closed, handling times, per property and month, and the
 * service history — the cases and board tasks done in the year, when and by whom.
 */
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

/** What a service-history row is: a case handled (a service visit) or a board task done. */
export const SERVICE_WORK = ['case', 'task'] as const
export type ServiceWork = (typeof SERVICE_WORK)[number]

/**
 * The service history: one row per case or task done. What was done is named by the case's
 * category (a default category's key, translated, or the cooperative's own name), never by a
 * title or text: investors see the work, not what residents wrote.
 */
export const SERVICE_HISTORY_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'done', label: 'doneOn', kind: 'date' },
  { key: 'work', label: 'work', kind: 'text', values: 'work' },
  { key: 'category', label: 'caseCategory', kind: 'text', values: 'caseCategory' },
  { key: 'building', label: 'building', kind: 'text' },
  { key: 'doneBy', label: 'doneBy', kind: 'text' },
  { key: 'days', label: 'handlingDays', kind: 'days' },
]
