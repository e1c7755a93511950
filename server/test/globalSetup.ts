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
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'kp-pglite-snapshot-'))
  const file = join(dir, 'migrated.tar')
  const pglite = await openPGlite(undefined)
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) })
  try {
    await migrateToLatest(db)
    const dump = await pglite.dumpDataDir('none')
    await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await db.destroy()
  }
  project.provide('pgliteSnapshot', file)
  return () => rm(dir, { recursive: true, force: true })
}
