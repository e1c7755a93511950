import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { directConnectionWriter } from '../../api/bookings/calendarPublisher.ts'
import { startHttpServer } from '../../api/server.ts'
import { attachCollab, type Collab } from '../../collab-server/attach.ts'
import { loadConfig } from '../../schema/config.ts'
import { ensureClientBuilt } from '../../scripts/lib/clientBuild.ts'

export interface E2EServer {
  baseUrl: string
  close: () => Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The whole app as `npm start` runs it (built client, /api, /collab) on a fresh embedded
 * database with the demo seeded, on a free port. PUBLIC_URL must equal the browser's origin,
 * or the Origin check refuses every state-changing request.
 */
export async function startE2EServer(): Promise<E2EServer> {
  ensureClientBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-e2e-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const config = loadConfig({
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: '1',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'error',
  })
  let collab: Collab | undefined
  const running = await startHttpServer(config, {
    onAccessChanged: (change) => void collab?.revoke(change),
    publishCalendar: (name, change) =>
      collab ? directConnectionWriter(collab.hocuspocus)(name, change) : Promise.resolve(),
  })
  collab = attachCollab(running.server, { db: running.deps.db, config })
  return {
    baseUrl,
    close: async () => {
      await collab?.close()
      await running.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
