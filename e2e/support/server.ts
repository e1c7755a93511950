import { cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Collab } from '../../collab-server/attach.ts'
import { loadConfig } from '../../schema/config.ts'
import { ensureClientBuilt } from '../../scripts/lib/clientBuild.ts'
import { startAll } from '../../scripts/lib/startAll.ts'
import type { DB } from '../../server/db/connect.ts'
import { cloneSeeded, type E2EPostgres } from './postgres.ts'

export interface E2EServer {
  baseUrl: string
  /** The server's own database and collab server, for fixtures too large to build through the UI (bench). */
  db: DB
  collab: Collab
  /** The file's own Postgres database (a clone of the seeded template); undefined when embedded. */
  databaseUrl: string | undefined
  close: () => Promise<void>
}

/** The run's seeded demo (`globalSetup.ts`): its DATA_DIR, and its Postgres template if any. */
export interface SeededDemo {
  dataDir: string
  postgres: E2EPostgres | null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The whole app as `npm start` runs it (built client, /api, /collab, the search indexer) with the
 * demo seeded, on a free port. PUBLIC_URL must equal the browser's origin, or the Origin check
 * refuses every state-changing request.
 *
 * With `seeded` (the run's, from `globalSetup.ts`) its DATA_DIR is copied in first, and on
 * Postgres the server gets a database cloned from the seeded template: the app then opens the demo
 * already seeded. Without it the app starts on an empty embedded database, creating, migrating
 * and seeding it itself, as `npm start` does the first time. That is also how the benchmarks and
 * scripts that drive the demo in a browser start it (`bench/lighthouse.ts`, `scripts/screenshots.ts`).
 */
export async function startE2EServer(opts: { seeded?: SeededDemo | undefined } = {}): Promise<E2EServer> {
  ensureClientBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-e2e-'))
  if (opts.seeded) await cp(opts.seeded.dataDir, dataDir, { recursive: true })
  const database = opts.seeded?.postgres ? await cloneSeeded(opts.seeded.postgres) : undefined
  try {
    const port = await freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const config = loadConfig({
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: database?.url,
      DEMO: '1',
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'error',
    })
    const app = await startAll(config)
    return {
      baseUrl,
      db: app.http.deps.db,
      collab: app.collab,
      databaseUrl: database?.url,
      close: async () => {
        await app.close()
        database?.drop()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    database?.drop()
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}
