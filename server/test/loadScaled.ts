import { readFileSync } from 'node:fs'
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
  return Math.round(ms * Math.max(1, loadNowNumber() / availableParallelism()))
}

/**
 * The load: the 1-minute average, or the threads runnable at this moment when there are more. The
 * average trails a rise by a minute, and `npm test` goes from a few runnable threads to a dozen in
 * seconds (a scale-out revocation check timed out so in a clean-clone run that kept both cores
 * busy from start to end, session 14). Linux's /proc/loadavg has both; elsewhere the average.
 */
function loadNowNumber(): number {
  const average = loadavg()[0]!
  try {
    const runnable = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0])
    return Number.isFinite(runnable) ? Math.max(average, runnable) : average
  } catch {
    return average
  }
}

/** The load average, for a failure message. */
export const loadNow = () => loadNowNumber().toFixed(1)
