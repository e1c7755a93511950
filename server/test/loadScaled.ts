import { availableParallelism, loadavg } from 'node:os'

/**
 * A time bound that a guarantee states for a machine with a core to spare ("a new message is
 * acknowledged within 5 s of a restart", "parsing a hostile frame never blocks the loop for
 * 50 ms"), stretched by the load per core while the test runs. `npm test` runs the e2e job, two
 * server files and the typecheck at once on 2 cores (load 7–10), and a process that is not
 * scheduled is not stalled by our code. What such a check exists for — a thread stuck for good,
 * a parser that spins for seconds on a bomb — misses the bound at any load.
 */
export function loadScaled(ms: number): number {
  return Math.round(ms * Math.max(1, loadavg()[0]! / availableParallelism()))
}

/** The load average, for a failure message. */
export const loadNow = () => loadavg()[0]!.toFixed(1)
