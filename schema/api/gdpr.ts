import { z } from 'zod'
import { Uuid } from './common.ts'

/** Request validators for the data-protection rights (issue 18). */
export const ErasureRequestBody = z.strictObject({
  /** Remove the text of every message they wrote (the thread keeps its shape). */
  removeMessageText: z.boolean().default(false),
})
export const ErasureParams = z.strictObject({ id: Uuid, requestId: Uuid })
/** Why the organisation refuses an erasure (e.g. a pending dispute): the person is told. */
export const ErasureRefusalBody = z.strictObject({ reason: z.string().trim().min(3).max(500) })

/** `GET /api/gdpr/erasure`: the person's latest request while it waits, or its refusal. */
export interface ErasureRequestState {
  id: string
  status: 'pending' | 'refused'
  requestedAt: string
  /** The organisations whose staff have not confirmed yet (empty once refused). */
  waitingFor: string[]
  /** Who refused it (the organisation's name), when and why; they may ask again. */
  refusal: { at: string; by: string; reason: string } | null
}

/** An export's id in the path, and the link's secret (from the mail) in the query. */
export const ExportParams = z.strictObject({ id: Uuid })
export const ExportDownloadQuery = z.strictObject({ token: z.string().min(20).max(100).optional() })

export interface GdprExport {
  id: string
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired'
  progress: number
  size: number | null
  requestedAt: string
  readyAt: string | null
  expiresAt: string | null
}

/** Days each kind is kept; null keeps it. Bounds as in the table (migration 0036). */
export const RetentionBody = z.strictObject({
  closedCasesDays: z.number().int().min(30).max(36_500).nullable(),
  chatDays: z.number().int().min(30).max(36_500).nullable(),
  readingsDays: z.number().int().min(365).max(36_500).nullable(),
})

/** Filters of an activity history; `format=csv` downloads it. */
export const ActivityQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  format: z.enum(['json', 'csv']).default('json'),
})

export interface ActivityEntry {
  id: string
  at: string
  action: string
  description: string
  actor: string | null
}
