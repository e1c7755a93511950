import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startIndexer } from '../../indexer/indexer.ts'
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
 * files still never share a live server or each other's changes. The seed's search topics are
 * indexed here, once: before, every file's server indexed the whole demo at start (CPU spent 24
 * times per run), and a test that searched early raced it on a loaded machine (e2e/search failed
 * so). The outbox rows of other consumers (the notifier) stay for each server, as after its own seed.
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
    const indexer = await startIndexer({ db: connected.db, config, pollMs: 3_600_000 })
    try {
      while ((await indexer.runOnce()) > 0) {}
    } finally {
      await indexer.stop()
    }
  } finally {
    await connected.close()
  }
  project.provide('e2eSeededDataDir', dataDir)
  return () => rm(dataDir, { recursive: true, force: true })
}
