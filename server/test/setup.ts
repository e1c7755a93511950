import { vi } from 'vitest'

/**
 * Every server test file (vitest `setupFiles`): `vi.waitFor` without a timeout waits up to 10 s
 * instead of vitest's 1 s. Those calls mean "eventually" (a provider synced, a refusal seen), and
 * with two files at a time beside the e2e run and the typecheck (scripts/test.ts) a busy 2-core
 * machine sometimes needs more than 1 s for them. A wait that states its own timeout keeps it:
 * that is how a test says "within 1 s".
 *
 * A worker runs several files (`isolate: false`), and this file runs again before each: vitest's
 * own `waitFor` is wrapped once per worker, not once more per file.
 */
const WRAPPED = Symbol.for('kotipiha.waitFor10s')
if (!(WRAPPED in vi.waitFor)) {
  const waitFor = vi.waitFor
  const wrapped = ((callback, options) =>
    waitFor(
      callback,
      typeof options === 'number' ? options : { timeout: 10_000, ...options },
    )) as typeof vi.waitFor
  Object.defineProperty(wrapped, WRAPPED, { value: true })
  vi.waitFor = wrapped
}
