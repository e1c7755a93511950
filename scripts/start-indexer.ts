import { startIndexer } from '../indexer/indexer.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'

/** The indexer alone (`npm run start:indexer`); several may run side by side. */
const config = loadConfigOrExit()
const { db, close } = await openDatabaseOrExit(config, { purpose: 'the indexer' })
const indexer = await startIndexer({ db, config })
const engine = config.meiliUrl ? 'meilisearch' : 'postgres'
console.log(`[indexer] ${indexer.worker} consuming the outbox into ${engine}`)

const report = setInterval(() => {
  void indexer.lag().then((lag) => {
    if (lag.pending > 0 || lag.parked > 0) {
      console.log(`[indexer] lag: ${lag.pending} pending (oldest ${lag.oldestMs} ms), ${lag.parked} parked`)
    }
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
