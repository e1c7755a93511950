import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, PGliteDialect } from 'kysely'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../schema/db/migrate.ts'
import { openPGlite } from '../db/pglite.ts'
import './pgliteSnapshot.ts'

/**
 * Once per run (vitest `globalSetup` of the server project): a fresh PGlite, every migration run on
 * it, its data directory dumped to a temporary file that each test's PGlite loads
 * (`connectTestDatabase`). The migrations from scratch still run (here, and on CI's fresh Postgres
 * database), once instead of once per test file.
 *
 * The snapshot is made small because every test file loads it (about a hundred loads per run, two
 * at a time on a 2-core machine): 1 MB WAL segments instead of 16 MB (initdb's `--wal-segsize`),
 * and 16 MB of shared buffers for 10 connections instead of 128 MB for 100, which Postgres zeroes
 * at every start. Measured on a loaded machine: 45 MB → 36 MB to untar, about 3.3 → 2.5 CPU
 * seconds and 580 → 375 MB resident per load. None of it changes what SQL means: a test's data is
 * far below 16 MB, and a PGlite has one connection.
 */
export const SNAPSHOT_SETTINGS = { shared_buffers: '16MB', max_connections: '10' } as const

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'kp-pglite-snapshot-'))
  const file = join(dir, 'migrated.tar')
  const pglite = await openPGlite(undefined, undefined, { initDbStartParams: ['--wal-segsize=1'] })
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) })
  try {
    await migrateToLatest(db)
    // ALTER SYSTEM writes postgresql.auto.conf, read at every later start (each load).
    for (const [name, value] of Object.entries(SNAPSHOT_SETTINGS)) {
      await pglite.exec(`ALTER SYSTEM SET ${name} = '${value}'`)
    }
    // The dump is of a running database, so every load starts with crash recovery from the last
    // checkpoint: without this one that was initdb's, and each load replayed the migrations' 5.5 MB
    // of WAL and wrote their pages again (0.6 s of redo, about 0.5 CPU s per load on a loaded
    // machine). From here the redo is empty.
    await pglite.exec('CHECKPOINT')
    const dump = await pglite.dumpDataDir('none')
    await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await db.destroy()
  }
  project.provide('pgliteSnapshot', file)
  return () => rm(dir, { recursive: true, force: true })
}
