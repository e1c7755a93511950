import { z } from 'zod'
import { type Column, Id } from './common.ts'

/** Report 4, project progress: delegated tasks of a board (or a label), status, overdue, burn-up. */
export const ProgressParams = z.strictObject({
  boardId: Id.optional(),
  label: z.string().trim().min(1).max(100).optional(),
})
export type ProgressParams = z.infer<typeof ProgressParams>

export const PROGRESS_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'board', label: 'board', kind: 'text' },
  { key: 'task', label: 'task', kind: 'text' },
  { key: 'status', label: 'status', kind: 'text', values: 'taskStatus' },
  { key: 'due', label: 'dueDate', kind: 'date' },
  { key: 'overdue', label: 'overdue', kind: 'int' },
  { key: 'progress', label: 'progress', kind: 'percent' },
]
