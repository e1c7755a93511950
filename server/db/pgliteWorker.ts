/**
 * PGlite (Postgres compiled to WASM) in its own thread. Every statement runs here, so a busy
 * database (group commits, compaction, projections) no longer blocks the app's event loop: on the
 * main thread a long query was a long stall for every HTTP request and websocket (issue 21).
 * The main thread talks to it through `pgliteProxy.ts`; the protocol is in `pgliteProtocol.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { openPGlite, pgliteBatch } from './pglite.ts'
import { preparedQuery } from './pglitePrepared.ts'
import { type Request, type Response, toWire, type WorkerInit } from './pgliteProtocol.ts'

const port = parentPort!
const { dataDir, loadDataDir } = workerData as WorkerInit

let pg: PGlite
try {
  pg = await openPGlite(dataDir, loadDataDir)
  port.postMessage({ id: 0, ok: true, value: null } satisfies Response)
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: toWire(error) } satisfies Response)
  process.exit(1)
}

/**
 * The open transaction, if any. PGlite has one connection; Kysely (one connection for this
 * dialect, behind its mutex) never sends a statement outside the transaction while one is open.
 */
let open: { tx: Transaction; finish: (commit: boolean) => void; closed: Promise<unknown> } | undefined

async function begin(): Promise<void> {
  if (open) throw new Error('a transaction is already open')
  let began!: () => void
  let finish!: (commit: boolean) => void
  const started = new Promise<void>((resolve) => {
    began = resolve
  })
  const decided = new Promise<boolean>((resolve) => {
    finish = resolve
  })
  let tx: Transaction | undefined
  const closed = pg.transaction(async (t) => {
    tx = t
    began()
    // A rejected callback makes PGlite roll back (and rethrow, which `rollback` swallows).
    if (!(await decided)) throw new RolledBack()
  })
  closed.catch(() => {})
  await Promise.race([started, closed])
  open = { tx: tx!, finish, closed }
}

class RolledBack extends Error {}

async function end(commit: boolean): Promise<void> {
  const current = open
  if (!current) throw new Error('no transaction is open')
  current.finish(commit)
  try {
    await current.closed
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error
  } finally {
    open = undefined
  }
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'query': {
      const target = req.tx ? open?.tx : pg
      if (!target) throw new Error('no transaction is open')
      const { rows, affectedRows } = await preparedQuery(
        pg,
        req.sql,
        req.params ?? [],
        (text, params) => target.query(text, params, { rowMode: 'object' }),
        Boolean(req.tx),
      )
      return { rows, affectedRows }
    }
    case 'batch':
      // One transaction, statements back to back, no trip to the main thread between them.
      return pgliteBatch(pg, req.statements).then(() => null)
    case 'begin':
      return begin()
    case 'commit':
      return end(true)
    case 'rollback':
      return end(false)
    case 'close':
      if (!pg.closed) await pg.close()
      return null
  }
}

port.on('message', (req: Request) => {
  handle(req).then(
    (value) => port.postMessage({ id: req.id, ok: true, value } satisfies Response),
    (error: unknown) => port.postMessage({ id: req.id, ok: false, error: toWire(error) } satisfies Response),
  )
})
