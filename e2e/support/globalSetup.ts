import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { loadConfig } from '../../schema/config.ts'
import { ensureClientBuilt } from '../../scripts/lib/clientBuild.ts'
import { seedDemo } from '../../scripts/seed/demo.ts'
import { openDatabase } from '../../server/db/open.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A DATA_DIR with the demo seeded (embedded database and files), made once per run. */
    e2eSeededDataDir: string
  }
}

/**
 * Once per run (vitest `globalSetup` of the e2e project): the client built, and a DATA_DIR the app
 * created and seeded with the demo, closed. Each test file's server starts on a copy of it
 * (`startE2EServer({ seededDataDir })`) instead of creating, migrating and seeding its own, so the
 * files still never share a live server or each other's changes. The seed's outbox rows stay
 * unprocessed in the copy: each server's indexer works them off at start, as after its own seed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureClientBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'kp-e2e-seeded-'))
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO: '1',
    PUBLIC_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'error',
  })
  const connected = await openDatabase(config, { purpose: 'the e2e seed', create: true })
  try {
    await seedDemo(connected.db, { filesDir: config.filesDir })
  } finally {
    await connected.close()
  }
  project.provide('e2eSeededDataDir', dataDir)
  return () => rm(dataDir, { recursive: true, force: true })
}
