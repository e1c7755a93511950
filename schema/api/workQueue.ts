import { z } from 'zod'
import type { CasePriorityColumn, CaseStatusColumn } from '../db/types.ts'
import { Uuid } from './common.ts'

/** The staff work queue across organisations (api/workqueue). */
export const QUEUE_BUCKETS = ['all', 'unassigned', 'mine', 'overdue', 'waiting', 'unread'] as const
export type QueueBucket = (typeof QUEUE_BUCKETS)[number]

export const WorkQueueQuery = z.strictObject({
  bucket: z.enum(QUEUE_BUCKETS).default('all'),
  org: Uuid.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
export type WorkQueueQuery = z.infer<typeof WorkQueueQuery>

export type QueueCounts = Record<QueueBucket, number>

export interface QueueItem {
  id: string
  orgId: string
  number: number
  title: string
  priority: CasePriorityColumn
  status: CaseStatusColumn
  assignee: { id: string; name: string } | null
  dueDate: string | null
  place: string | null
  createdAt: string
  flags: { unassigned: boolean; mine: boolean; overdue: boolean; waiting: boolean; unread: boolean }
}

export interface WorkQueue {
  /** Every cooperative the caller handles cases in, with its counts (also those with none open). */
  groups: { org: { id: string; name: string }; counts: QueueCounts }[]
  totals: QueueCounts
  items: QueueItem[]
  /** More items matched than `limit`. */
  truncated: boolean
}
