import { Worker } from 'node:worker_threads'
import type { PGliteDialectConfig } from 'kysely'
import { BatchConflict, type BatchStatement } from './batchStatement.ts'
import { exactBytes } from './bytea.ts'
import { kindOf, recordHold } from './holds.ts'
import { fromWire, type Request, type Response, type WorkerInit } from './pgliteProtocol.ts'

type PGliteLike = Exclude<PGliteDialectConfig['pglite'], (...args: never[]) => unknown>
type QueryResult = { rows: unknown[]; affectedRows?: number; fields: [] }
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never

/**
 * PGlite in a worker thread (`pgliteWorker.ts`), shaped as the PGlite instance Kysely's
 * `PGliteDialect` uses: `query`, `transaction`, `close`, `ready`/`waitReady`/`closed`. Kysely
 * gives this dialect one connection behind a mutex, so statements and transactions arrive one at
 * a time, as they did on the in-thread instance; the worker runs a transaction inside PGlite's
 * own `transaction()` (exclusive, rolled back on error), so the semantics are PGlite's.
 *
 * The worker holds the process open only while a request is outstanding (ref/unref), so a
 * forgotten connection cannot keep a test runner or script from exiting, and a pending query
 * cannot be cut off by the process exiting under it.
 */
export class PGliteWorkerProxy implements PGliteLike {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  #nextId = 1
  #failure: Error | undefined
  ready = false
  closed = false
  readonly waitReady: Promise<void>

  private constructor(init: WorkerInit) {
    this.#worker = new Worker(new URL('./pgliteWorker.ts', import.meta.url), { workerData: init })
    this.waitReady = new Promise<void>((resolve, reject) => {
      this.#pending.set(0, {
        resolve: () => {
          this.ready = true
          resolve()
        },
        reject,
      })
    })
    this.#worker.on('message', (res: Response) => {
      const waiter = this.#pending.get(res.id)
      if (!waiter) return
      this.#pending.delete(res.id)
      if (this.#pending.size === 0) this.#worker.unref()
      if (res.ok) waiter.resolve(res.value)
      else waiter.reject(fromWire(res.error))
    })
    const fail = (error: Error) => {
      this.#failure ??= error
      this.closed = true
      for (const waiter of this.#pending.values()) waiter.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`the PGlite worker exited (${code})`)))
  }

  /** Starts the worker and waits until the database is open (and recovered, for a data dir). */
  static async create(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGliteWorkerProxy> {
    // A Blob opened from a file (`openAsBlob`, the tests' snapshot) cannot cross to the thread;
    // its bytes in memory can.
    const load = loadDataDir ? new Blob([await loadDataDir.arrayBuffer()]) : undefined
    const proxy = new PGliteWorkerProxy({ dataDir, loadDataDir: load })
    try {
      await proxy.waitReady
    } catch (error) {
      await proxy.#worker.terminate()
      throw error
    }
    return proxy
  }

  #call<T>(req: Distribute<Request>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure)
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      if (this.#pending.size === 1) this.#worker.ref()
      this.#worker.postMessage({ ...req, id })
    })
  }

  async #query<T>(sql: string, params: unknown[] | undefined, tx: boolean) {
    const result = await this.#call<QueryResult>({ op: 'query', sql, params: params?.map(exactBytes), tx })
    return { ...result, rows: result.rows as T[], fields: [] }
  }

  async query<T>(sql: string, params?: unknown[]) {
    const started = performance.now()
    try {
      return await this.#query<T>(sql, params, false)
    } finally {
      recordHold(kindOf(sql, false), performance.now() - started, 1)
    }
  }

  async transaction<T>(
    callback: (tx: { query: PGliteLike['query']; rollback(): Promise<void> }) => Promise<T>,
  ): Promise<T> {
    const started = performance.now()
    let first: string | undefined
    let statements = 0
    let inStatements = 0
    const held = () => recordHold(kindOf(first, true), performance.now() - started, statements, inStatements)
    await this.#call({ op: 'begin' })
    let value: T
    try {
      value = await callback({
        query: async <R>(sql: string, params?: unknown[]) => {
          first ??= sql
          statements++
          const sent = performance.now()
          try {
            return await this.#query<R>(sql, params, true)
          } finally {
            inStatements += performance.now() - sent
          }
        },
        rollback: () => Promise.reject(new Error('rollback() is not supported; throw instead')),
      })
    } catch (error) {
      await this.#call({ op: 'rollback' }).catch(() => {})
      held()
      throw error
    }
    await this.#call({ op: 'commit' })
    held()
    return value
  }

  /** A batch (batch.ts) in one request: its statements run in the PGlite thread back to back. */
  async batch(statements: readonly BatchStatement[]): Promise<void> {
    const started = performance.now()
    try {
      await this.#call({
        op: 'batch',
        statements: statements.map((s) => ({ ...s, parameters: s.parameters.map(exactBytes) })),
      })
    } catch (error) {
      throw error instanceof Error && error.name === 'BatchConflict'
        ? new BatchConflict(error.message)
        : error
    } finally {
      const ms = performance.now() - started
      recordHold(`batch ${kindOf(statements[0]?.sql, false)}`, ms, statements.length)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    try {
      await this.#call({ op: 'close' })
    } finally {
      this.closed = true
      await this.#worker.terminate()
    }
  }
}
