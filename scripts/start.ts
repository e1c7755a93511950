import { startHttpServer } from '../api/server.ts'
import { ensureClientBuilt } from './lib/clientBuild.ts'
import { loadConfigOrExit } from './lib/config.ts'

/**
 * `npm start`: everything in one process on one port: the built client, /api and /collab,
 * on embedded defaults (PGlite under DATA_DIR) with the demo seeded on first start.
 */
const config = loadConfigOrExit()
ensureClientBuilt()
const running = await startHttpServer(config)
console.log(
  `[kotipiha] ready on ${config.publicUrl} (database: ${running.deps.engine}${config.demo ? ', demo' : ''})`,
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0))
  })
}
