import { mkdirSync } from 'node:fs'
import { Kysely, PGliteDialect } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { migrateToLatest } from '../../schema/db/migrate.ts'
import type { Database } from '../../schema/db/types.ts'
import { registerBatchRunner } from './batch.ts'
import { openPGlite, pgliteBatch } from './pglite.ts'
import { withPreparedStatements } from './pglitePrepared.ts'
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
 * PGlite runs in a worker thread (`pgliteWorker.ts`) unless `pgliteWorker: false` or
 * KOTIPIHA_PGLITE_WORKER=0: WASM Postgres on the app's event loop stalled every request while one
 * busy channel was being written (issue 21). The opt-out runs it on the main thread, as before.
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
    // JIT off: Postgres compiles a plan to machine code once its estimated cost passes
    // jit_above_cost, which adds ~150–250 ms to a query that runs in 50 ms. Every query here is
    // an OLTP query answered from indexes, so JIT only ever costs: the work queue's p95 on 20,000
    // open cases fell from 237 ms to 67 ms with it off (bench:workqueue, issue 17).
    const client = postgres(opts.databaseUrl, {
      max: 10,
      onnotice: () => {},
      connection: { jit: 'off', application_name: 'kotipiha' },
    })
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) })
    // A query that never finishes (one left behind by a shutdown step that hit its deadline, or
    // waiting on its lock) kept `end()` waiting for good: test teardowns and an e2e server's close
    // hung past vitest's 180 s hook limit on clean-clone runs. After 5 s the pool's connections are
    // closed; such a query's transaction rolls back, and nothing acknowledged waits on it.
    connected = {
      db,
      engine: 'postgres',
      close: async () => {
        await client.end({ timeout: 5 })
        await db.destroy()
      },
    }
  } else {
    const dir = opts.dataDir ?? 'memory://'
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
    const path = dir.startsWith('memory://') ? undefined : dir
    // The worker is the default; a test database started from the run's migrated snapshot
    // (`loadDataDir`, server/test/pgliteSnapshot.ts) opens on this thread unless a test asks for
    // the worker (a test of the thread itself), which is then handed the snapshot.
    const worker = opts.pgliteWorker ?? (!opts.loadDataDir && process.env.KOTIPIHA_PGLITE_WORKER !== '0')
    const pg = worker
      ? await PGliteWorkerProxy.create(path, opts.loadDataDir)
      : await openPGlite(path, opts.loadDataDir)
    const pglite = pg instanceof PGliteWorkerProxy ? pg : withPreparedStatements(pg)
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pglite as typeof pg }) })
    registerBatchRunner(db, pg instanceof PGliteWorkerProxy ? (s) => pg.batch(s) : (s) => pgliteBatch(pg, s))
    // Kysely's destroy() closes the PGlite instance (and ends its thread, if any) too.
    connected = { db, engine: 'pglite', close: () => db.destroy() }
  }
  if (opts.migrate !== false) await migrateToLatest(connected.db as unknown as Kysely<unknown>)
  return connected
}
