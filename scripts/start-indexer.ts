import { startIndexer } from '../indexer/indexer.ts'
import { createLogger } from '../server/log.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'

/** The indexer alone (`npm run start:indexer`); several may run side by side. */
const config = loadConfigOrExit()
const log = createLogger(config.logLevel)
const { db, close } = await openDatabaseOrExit(config, { purpose: 'the indexer' })
const indexer = await startIndexer({ db, config, log })
log.info('indexer.consuming', {
  worker: indexer.worker,
  engine: config.meiliUrl ? 'meilisearch' : 'postgres',
})

const report = setInterval(() => {
  void indexer.lag().then((lag) => {
    if (lag.pending > 0 || lag.parked > 0) log.info('indexer.lag', { ...lag })
  })
}, 30_000)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      clearInterval(report)
      await indexer.stop()
      await close()
      process.exit(0)
    })()
  })
}
