import type { BatchStatement } from './batchStatement.ts'

/** Messages between the main thread (`pgliteProxy.ts`) and the PGlite thread (`pgliteWorker.ts`). */
export interface WorkerInit {
  /** A directory, or undefined for an in-memory database. */
  dataDir: string | undefined
  /** A dumped data directory to start from (the tests' migrated snapshot); a Blob crosses threads. */
  loadDataDir?: Blob | undefined
}

export type Request = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[] | undefined; tx: boolean }
  /** Statements in one transaction of their own, run back to back in the PGlite thread (batch.ts). */
  | { op: 'batch'; statements: BatchStatement[] }
  | { op: 'begin' | 'commit' | 'rollback' | 'close' }
)

/** id 0 answers start-up (the database is open, or why not). */
export type Response = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: WireError })

/**
 * An error as it crosses the thread boundary. Structured clone keeps only an Error's message and
 * stack, but callers branch on Postgres's fields (`code` 23505, 23P01, 25P02, `constraint`), so
 * every own field with a plain value travels too.
 */
export interface WireError {
  name: string
  message: string
  stack: string | undefined
  fields: Record<string, string | number | boolean | null>
}

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error))
    return { name: 'Error', message: String(error), stack: undefined, fields: {} }
  const fields: WireError['fields'] = {}
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields[key] = value as WireError['fields'][string]
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields }
}

export function fromWire(wire: WireError): Error {
  const error = Object.assign(new Error(wire.message), wire.fields)
  error.name = wire.name
  // The worker's stack says where PGlite failed; the caller's is added by Kysely.
  if (wire.stack) error.stack = wire.stack
  return error
}
