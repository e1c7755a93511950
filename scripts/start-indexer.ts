import { type Indexer, startIndexer } from '../indexer/indexer.ts'
import { createLogger } from '../server/log.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'
import { stopOnSignal } from './lib/stopOnSignal.ts'

/** The indexer alone (`npm run start:indexer`); several may run side by side. */
const config = loadConfigOrExit()
const log = createLogger(config.logLevel)
const { db, close } = await openDatabaseOrExit(config, { purpose: 'the indexer' })
let indexer: Indexer | undefined
let report: ReturnType<typeof setInterval> | undefined
// Before anything is announced: a signal that came before its handler would end the process with
// the default action, its database open (PGlite's pid file left behind).
stopOnSignal(async () => {
  clearInterval(report)
  await indexer?.stop()
  await close()
}, log)

indexer = await startIndexer({ db, config, log })
const running = indexer
report = setInterval(() => {
  void running.lag().then((lag) => {
    if (lag.pending > 0 || lag.parked > 0) log.info('indexer.lag', { ...lag })
  })
}, 30_000)
log.info('indexer.consuming', {
  worker: indexer.worker,
  engine: config.meiliUrl ? 'meilisearch' : 'postgres',
})
