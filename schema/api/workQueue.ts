import { z } from 'zod'
import type { CasePriorityColumn, CaseStatusColumn } from '../db/types.ts'
import { Uuid } from './common.ts'

/** The staff work queue across organisations (api/workqueue). */
export const QUEUE_BUCKETS = ['all', 'unassigned', 'mine', 'overdue', 'waiting', 'unread'] as const
export type QueueBucket = (typeof QUEUE_BUCKETS)[number]

/** The work queue's page: how many items a request returns unless it asks for more. */
export const QUEUE_PAGE = 50
/** The most one request may ask for. */
export const QUEUE_MAX = 500

export const WorkQueueQuery = z.strictObject({
  bucket: z.enum(QUEUE_BUCKETS).default('all'),
  org: Uuid.optional(),
  q: z.string().trim().max(100).optional(),
  // A first screen's worth: the page offers the next 50 ("Show more"). 200 at once was 69 KB of
  // JSON and 200 policy checks per request, the most of the list's time (issue 19, docs/SCALE.md).
  limit: z.coerce.number().int().min(1).max(QUEUE_MAX).default(QUEUE_PAGE),
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
