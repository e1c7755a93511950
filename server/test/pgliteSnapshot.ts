import { openAsBlob } from 'node:fs'
import { inject } from 'vitest'
import { type Connected, connectDatabase, type Engine } from '../db/connect.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory dumped once per run (`globalSetup.ts`), or '' without one. */
    pgliteSnapshot: string
  }
}

let snapshot: Promise<Blob | undefined> | undefined

/** The run's migrated snapshot (a Blob is immutable: one serves every load); undefined without globalSetup. */
export function migratedSnapshot(): Promise<Blob | undefined> {
  snapshot ??= (async () => {
    const path = providedPath()
    return path ? openAsBlob(path) : undefined
  })()
  return snapshot
}

/** The snapshot's path; '' outside vitest (the benchmarks in bench/ call startTestApp too). */
function providedPath(): string {
  try {
    return inject('pgliteSnapshot')
  } catch {
    return ''
  }
}

/**
 * A test's database: the test file's own Postgres database (DATABASE_URL, set per file by
 * `postgresPerFile.ts`), or a fresh in-memory PGlite. The PGlite
 * starts from the run's migrated snapshot instead of initdb plus every migration, which took 10 to
 * 20 s per file on a busy 2-core machine (loading takes 3 to 5). The migrations still run after
 * loading (a no-op on a current snapshot), so a stale one could not pass unnoticed.
 */
export async function connectTestDatabase(
  engine: Engine,
  /** PGlite in its worker thread, as the app runs it (tests of that thread); else on this one. */
  opts: { pgliteWorker?: boolean } = {},
): Promise<Connected> {
  if (engine === 'postgres') return connectDatabase({ databaseUrl: process.env.DATABASE_URL })
  return connectDatabase({
    dataDir: 'memory://',
    loadDataDir: await migratedSnapshot(),
    ...(opts.pgliteWorker ? { pgliteWorker: true } : {}),
  })
}
