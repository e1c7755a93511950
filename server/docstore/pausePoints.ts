/**
 * Named points inside multi-step store work (compaction, archive round) where a test can hold
 * the server, to kill it exactly there (collab-server/test/durableServer.ts, PAUSE_AT). Absent
 * in production: the calls cost one optional-chaining check.
 */
/**
 * `fold`: a compaction has read and folded the stored state, before its transaction (documents.ts;
 * for a thread's batch, also after its plan: compactBatch.ts). `compaction`: inside the
 * transaction, or, for a thread's batch, just before it is sent (nothing of it committed either way).
 */
export type PausePoint = 'fold' | 'compaction' | 'archive'

export interface PausePoints {
  pause?: (point: PausePoint) => Promise<void>
}
