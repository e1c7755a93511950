import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { startIndexer } from '../../indexer/indexer.ts'
import { loadConfig } from '../../schema/config.ts'
import { ensureClientBuilt } from '../../scripts/lib/clientBuild.ts'
import { seedDemo } from '../../scripts/seed/demo.ts'
import { openDatabase } from '../../server/db/open.ts'
import { CHROMIUM, LAUNCH_OPTIONS } from './browser.ts'
import { type E2EPostgres, makeSeededTemplate } from './postgres.ts'
import './sharedBrowser.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A DATA_DIR with the demo seeded, made once per run: its files, and its embedded database
     * unless the demo's database is the Postgres template (`e2ePostgres`).
     */
    e2eSeededDataDir: string
    /** With DATABASE_URL: the Postgres template database the demo is seeded in; null without. */
    e2ePostgres: E2EPostgres | null
  }
}

/**
 * Once per run (vitest `globalSetup` of the e2e project): the client built, and the demo seeded
 * once. Each test file's server starts on a copy of it (`startE2EServer({ seeded })`) instead of
 * creating, migrating and seeding its own, so the files still never share a live server or each
 * other's changes. With DATABASE_URL (CI) the demo is seeded into a Postgres template database and
 * each file's server runs on a clone of it (`CREATE DATABASE … TEMPLATE`, e2e/support/postgres.ts):
 * a clone takes a fraction of a second, where an embedded database copy had to start Postgres in
 * WASM and then answered every request of the file in WASM too. Without it, the demo is seeded
 * into an embedded database (PGlite) that each file copies. A file that asks for the embedded
 * database (`useDemoBrowsers({ database: 'embedded' })`, e2e/foundation) starts as `npm start`
 * first does instead, on an empty DATA_DIR, so that path stays tested in the browser.
 *
 * The seed's search topics are indexed here, once: before, every file's server indexed the whole
 * demo at start (CPU spent 24 times per run), and a test that searched early raced it on a loaded
 * machine (e2e/search failed so). The outbox rows of other consumers (the notifier) stay for each
 * server, as after its own seed.
 *
 * One Chromium serves the whole run (a Playwright browser server; each file connects with
 * `connectBrowser()` and works in contexts of its own) instead of a Chromium started and stopped
 * per file. Without Chromium none is started: the files then skip or fail as `chromiumAvailable()`
 * decides.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureClientBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'kp-e2e-seeded-'))
  const runUrl = process.env.DATABASE_URL
  const postgres = runUrl ? await makeSeededTemplate(runUrl, process.pid) : undefined
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: postgres?.templateUrl,
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
  // Nobody may connect to a template: one open connection makes every clone fail.
  await postgres?.seal()
  const browserServer = existsSync(CHROMIUM) ? await chromium.launchServer(LAUNCH_OPTIONS) : undefined
  project.provide('e2eSeededDataDir', dataDir)
  project.provide('e2ePostgres', postgres?.provided ?? null)
  project.provide('e2eBrowserEndpoint', browserServer?.wsEndpoint() ?? '')
  return async () => {
    await browserServer?.close()
    await postgres?.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
