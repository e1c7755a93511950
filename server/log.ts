import type { Config } from '../schema/config.ts'

/** A tiny structured logger: one JSON line per event, levels from the config. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void
  info(event: string, fields?: Record<string, unknown>): void
  warn(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

export function createLogger(level: Config['logLevel']): Logger {
  const threshold = level === 'silent' ? LEVELS.length : LEVELS.indexOf(level)
  const at =
    (name: (typeof LEVELS)[number]) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS.indexOf(name) < threshold) return
      const line = JSON.stringify({ level: name, at: new Date().toISOString(), event, ...fields })
      if (name === 'error' || name === 'warn') console.error(line)
      else console.log(line)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/**
 * For the few places that log without a process's deps in reach (the HTTP error mapper of an app
 * built without a logger, the calendar publisher): warnings and errors, as JSON like the rest.
 */
export const fallbackLog: Logger = createLogger('warn')
