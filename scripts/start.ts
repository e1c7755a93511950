import { createLogger } from '../server/log.ts'
import { ensureClientBuilt } from './lib/clientBuild.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { startAll } from './lib/startAll.ts'

/**
 * `npm start`: everything in one process on one port: the built client, /api and /collab,
 * and the search indexer, on embedded defaults (PGlite under DATA_DIR) with the demo seeded on
 * first start.
 */
const config = loadConfigOrExit()
ensureClientBuilt()
const app = await startAll(config)
createLogger(config.logLevel).info('app.ready', {
  url: config.publicUrl,
  engine: app.http.deps.engine,
  demo: config.demo,
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0))
  })
}
