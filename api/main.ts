import { loadConfigOrExit } from '../scripts/lib/config.ts'
import { startHttpServer } from './server.ts'

// The API alone (production: run several behind a load balancer; the collab server separately).
const config = loadConfigOrExit()
const running = await startHttpServer(config, { serveClient: false })
console.log(`[kotipiha] api listening on :${running.port} (${running.deps.engine})`)
