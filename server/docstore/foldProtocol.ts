import type { DocRef } from '../../schema/docs/names.ts'
import type { PlannedCompaction } from './compactBatch.ts'
import type { LogRow } from './fold.ts'

/**
 * Messages between the main thread (foldThread.ts) and the fold thread (foldWorker.ts). A job:
 * the stored state goes to the fold thread, which asks for what the live copy holds beyond it
 * (`live`), may read the database (`read`), and answers with the plan (`done`).
 */
export interface FoldJob {
  type: 'job'
  id: number
  ref: DocRef
  snapshotRead: Uint8Array
  rows: LogRow[]
  incremental: boolean
}

export type ToFoldThread =
  | FoldJob
  | { type: 'live'; job: number; update: Uint8Array }
  | { type: 'read'; rid: number; ok: true; rows: unknown[] }
  | { type: 'read'; rid: number; ok: false; error: string }

export type FromFoldThread =
  | { type: 'ready' }
  | { type: 'live'; job: number; stateVector: Uint8Array }
  | { type: 'read'; job: number; rid: number; sql: string; parameters: unknown[] }
  | { type: 'done'; job: number; ok: true; planned: PlannedCompaction }
  | { type: 'done'; job: number; ok: false; error: string }
