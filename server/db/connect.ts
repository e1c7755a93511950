import { mkdirSync } from 'node:fs'
import { Kysely, PGliteDialect } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { migrateToLatest } from '../../schema/db/migrate.ts'
import type { Database } from '../../schema/db/types.ts'
import { openPGlite } from './pglite.ts'
import { PGliteWorkerProxy } from './pgliteProxy.ts'

export type DB = Kysely<Database>
export type Engine = 'pglite' | 'postgres'

export interface Connected {
  db: DB
  engine: Engine
  close: () => Promise<void>
}

/**
 * Real Postgres when a URL is given, otherwise PGlite (Postgres in WASM) persisted under
 * `dataDir`, or in memory when `dataDir` is 'memory://'. Same SQL, same migrations.
 *
 * `pgliteWorker: true` runs PGlite in a worker thread (`pgliteWorker.ts`), so WASM Postgres no
 * longer runs on the app's event loop (issue 21: one busy channel stalled every request). It is
 * off by default (KOTIPIHA_PGLITE_WORKER=1 turns it on): with it, the board e2e test (a
 * contractor's progress reaching a watching board) fails consistently, for a reason not found
 * yet (docs/COLLAB.md, "Busy thread").
 */
export async function connectDatabase(opts: {
  databaseUrl?: string | undefined
  dataDir?: string
  migrate?: boolean
  pgliteWorker?: boolean
  /** A dumped PGlite data directory to start from (tests' migrated snapshot); main thread only. */
  loadDataDir?: Blob | undefined
}): Promise<Connected> {
  let connected: Connected
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, { max: 10, onnotice: () => {} })
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) })
    connected = { db, engine: 'postgres', close: () => db.destroy() }
  } else {
    const dir = opts.dataDir ?? 'memory://'
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
    const path = dir.startsWith('memory://') ? undefined : dir
    const worker = opts.pgliteWorker ?? process.env.KOTIPIHA_PGLITE_WORKER === '1'
    if (worker && opts.loadDataDir)
      throw new Error('connectDatabase: loadDataDir is not passed to the PGlite worker')
    const pg = worker ? await PGliteWorkerProxy.create(path) : await openPGlite(path, opts.loadDataDir)
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pg }) })
    // Kysely's destroy() closes the PGlite instance (and ends its thread, if any) too.
    connected = { db, engine: 'pglite', close: () => db.destroy() }
  }
  if (opts.migrate !== false) await migrateToLatest(connected.db as unknown as Kysely<unknown>)
  return connected
}
