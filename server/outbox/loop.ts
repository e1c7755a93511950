import type { Logger } from '../log.ts'

/**
 * The one worker loop of the server processes and the one periodic-job helper. A loop runs its
 * job, then waits: not at all after a run that did work (`busyMs`, 0 by default: drain what is
 * due), `idleMs` after one that did nothing or failed. A failed run is logged as
 * `<name>.failed` and the loop carries on. `stop()` cancels the wait and resolves once the run
 * in hand has finished, so a process can close its database after it.
 *
 * Used by the indexer, the notifier, the communications delivery worker (work loops) and the
 * mail flush, due-date reminders and standing shifts (periodic jobs).
 */
export interface Loop {
  stop(): Promise<void>
}

export interface LoopOptions {
  /** Names the job in logs: `<name>.failed`. */
  name: string
  log: Logger
  /** One run; resolves to how much it did (0: nothing to do). */
  run: () => Promise<number>
  idleMs: number
  busyMs?: number
  /** Wait before the first run. */
  firstRunMs?: number
  /** The level a failed run is logged at (default warn). */
  failLevel?: 'warn' | 'error'
}

export function startLoop(opts: LoopOptions): Loop {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    if (stopped) return
    running = opts
      .run()
      .catch((error: unknown) => {
        opts.log[opts.failLevel ?? 'warn'](`${opts.name}.failed`, { error: errorText(error) })
        return 0
      })
      .then((n) => {
        if (!stopped) timer = setTimeout(tick, n > 0 ? (opts.busyMs ?? 0) : opts.idleMs)
      })
  }
  timer = setTimeout(tick, opts.firstRunMs ?? 0)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

/** A job run every `everyMs` (after `firstRunMs`), whatever it did. */
export function startPeriodic(opts: {
  name: string
  log: Logger
  run: () => Promise<unknown>
  everyMs: number
  firstRunMs?: number
}): Loop {
  return startLoop({
    name: opts.name,
    log: opts.log,
    run: async () => {
      await opts.run()
      return 0
    },
    idleMs: opts.everyMs,
    firstRunMs: opts.firstRunMs ?? opts.everyMs,
  })
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))
