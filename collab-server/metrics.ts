/** Counters for the health endpoint and the benchmark. Plain numbers; no histogram library. */
export interface Metrics {
  accepted: number
  refused: number
  appendBatches: number
  appendedUpdates: number
  compactions: number
  compactionFailures: number
  /** Document items a projection could not write, parked (projections/parked.ts). */
  projectionParked: number
  loadFailures: number
  revoked: number
}

export function createMetrics(): Metrics {
  return {
    accepted: 0,
    refused: 0,
    appendBatches: 0,
    appendedUpdates: 0,
    compactions: 0,
    compactionFailures: 0,
    projectionParked: 0,
    loadFailures: 0,
    revoked: 0,
  }
}
