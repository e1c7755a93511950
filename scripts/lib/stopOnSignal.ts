import type { Logger } from '../../server/log.ts'

/**
 * Ctrl-C or SIGTERM closes the process cleanly, once: `stop` runs on the first signal and the
 * process exits when it is done (1 if it failed). Every later signal while it closes is logged
 * and ignored. `npm run` forwards the signal it receives to its child, and a signal to the
 * process group reaches the child directly as well, so the child gets two; with `process.once`
 * the second one killed it with Node's default action halfway through closing its database,
 * leaving PGlite's pid file behind (a clean-clone CI run found the indexer's file there 30 s
 * after its stop). Install it before the process announces it is ready: a signal that comes
 * before any handler ends the process with the default action, database open (whoever waits for
 * the "ready" line may stop it at once; the entry-point test did, and lost that race every time).
 */
export function stopOnSignal(stop: () => Promise<unknown>, log?: Logger): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log?.info('process.still_stopping', { signal })
      return
    }
    stopping = true
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log?.error('process.stop_failed', { error: error instanceof Error ? error.message : String(error) })
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
