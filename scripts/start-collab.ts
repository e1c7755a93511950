import { createServer } from 'node:http'
import { attachCollab } from '../collab-server/attach.ts'
import { createLogger } from '../server/log.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'
import { stopOnSignal } from './lib/stopOnSignal.ts'

/** The collab server alone (production: several of these behind a proxy, with REDIS_URL). */
const config = loadConfigOrExit()
const log = createLogger(config.logLevel)
const { db, close: closeDb } = await openDatabaseOrExit(config, { purpose: 'the collab server' })
const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  res.writeHead(404).end()
})
const collab = attachCollab(server, { db, config, log })
server.listen(config.port, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  log.info('collab.listening', { port, path: '/collab', redis: Boolean(config.redisUrl) })
  // The durability test reads this line to learn the port.
  process.send?.({ port })
})

stopOnSignal(async () => {
  await collab.close()
  server.close()
  await closeDb()
}, log)
