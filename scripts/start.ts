import { directConnectionWriter } from '../api/bookings/calendarPublisher.ts'
import { startHttpServer } from '../api/server.ts'
import { attachCollab, type Collab } from '../collab-server/attach.ts'
import { ensureClientBuilt } from './lib/clientBuild.ts'
import { loadConfigOrExit } from './lib/config.ts'

/**
 * `npm start`: everything in one process on one port: the built client, /api and /collab,
 * on embedded defaults (PGlite under DATA_DIR) with the demo seeded on first start.
 */
const config = loadConfigOrExit()
ensureClientBuilt()
let collab: Collab | undefined
const running = await startHttpServer(config, {
  // Membership, role and suspension changes close or downgrade live sockets at once.
  onAccessChanged: (change) => void collab?.revoke(change),
  // Bookings write the live calendar documents through this process's collab server.
  publishCalendar: (name, change) =>
    collab ? directConnectionWriter(collab.hocuspocus)(name, change) : Promise.resolve(),
})
collab = attachCollab(running.server, { db: running.deps.db, config })
console.log(
  `[kotipiha] ready on ${config.publicUrl} (database: ${running.deps.engine}${config.demo ? ', demo' : ''})`,
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      await collab?.close()
      await running.close()
      process.exit(0)
    })()
  })
}
