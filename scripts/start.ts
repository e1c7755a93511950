import { createLogger } from '../server/log.ts'
import { ensureClientBuilt } from './lib/clientBuild.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { startAll } from './lib/startAll.ts'
import { stopOnSignal } from './lib/stopOnSignal.ts'

/**
 * `npm start`: everything in one process on one port: the built client, /api and /collab,
 * and the search indexer, on embedded defaults (PGlite under DATA_DIR) with the demo seeded on
 * first start.
 */
const config = loadConfigOrExit()
ensureClientBuilt()
const app = await startAll(config)
const log = createLogger(config.logLevel)
// Before the app says it is ready: whoever waits for that line may stop it at once (scripts/lib/stopOnSignal.ts).
stopOnSignal(() => app.close(), log)
log.info('app.ready', {
  url: config.publicUrl,
  engine: app.http.deps.engine,
  demo: config.demo,
})
