import { type RunningServer, startHttpServer } from '../../api/httpServer.ts'
import { attachCollab, type Collab } from '../../collab-server/attach.ts'
import { type Indexer, startIndexer } from '../../indexer/indexer.ts'
import type { Config } from '../../schema/config.ts'
import { directConnectionWriter } from '../../server/calendar/publisher.ts'
import { seedDemo } from '../seed/demo.ts'

export interface RunningApp {
  http: RunningServer
  collab: Collab
  indexer: Indexer
  close(): Promise<void>
}

/**
 * The single-process composition (`npm start`, `npm run dev`, end-to-end tests): the HTTP API
 * (and built client), the collab server on the same port, and the search indexer.
 */
export async function startAll(
  config: Config,
  /** `compaction`: the store debounce (benches compare settings; the defaults otherwise). */
  opts: {
    serveClient?: boolean
    extraOrigins?: string[]
    compaction?: { debounceMs?: number; maxDebounceMs?: number }
  } = {},
): Promise<RunningApp> {
  let collab: Collab | undefined
  const http = await startHttpServer(config, {
    serveClient: opts.serveClient ?? true,
    seedDemo,
    // Membership, role and suspension changes close or downgrade live sockets at once.
    onAccessChanged: (change) => void collab?.revoke(change),
    // Bookings write the live calendar documents through this process's collab server.
    publishCalendar: (name, change) =>
      collab ? directConnectionWriter(collab.hocuspocus)(name, change) : Promise.resolve(),
  })
  collab = attachCollab(
    http.server,
    { db: http.deps.db, config },
    { allowedOrigins: opts.extraOrigins ?? [], ...opts.compaction },
  )
  const indexer = await startIndexer({ db: http.deps.db, config })
  const attached = collab
  return {
    http,
    collab: attached,
    indexer,
    async close() {
      await indexer.stop()
      await attached.close()
      await http.close()
    },
  }
}
