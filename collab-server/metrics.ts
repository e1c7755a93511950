/** Counters for the health endpoint and the benchmark. Plain numbers; no histogram library. */
export interface Metrics {
  accepted: number
  refused: number
  appendBatches: number
  appendedUpdates: number
  compactions: number
  compactionFailures: number
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
    loadFailures: 0,
    revoked: 0,
  }
}
