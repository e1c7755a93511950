import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../schema/config.ts'
import type { Engine } from '../../server/db/connect.ts'
import { type RunningServer, startHttpServer } from '../httpServer.ts'
import { ENGINES } from './harness.ts'

/**
 * The engine for a whole server on a socket when what it checks does not depend on the engine:
 * Postgres where the run has it. On PGlite the app opens a DATA_DIR of its own, a fresh initdb and
 * every migration (seconds of WASM), where `startTestApp` loads the run's migrated snapshot.
 */
export const SOCKET_ENGINE: Engine = ENGINES.at(-1)!

export interface SocketServer {
  readonly running: RunningServer
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** The server's own temporary directory (its DATA_DIR is `data` inside it). */
  readonly dir: string
  close(): Promise<void>
}

/**
 * The real HTTP server (`startHttpServer`, as `npm start` runs it) on a port of its own; with
 * `shell`, a built client of that one index.html beside the API, else no client.
 */
export async function startSocketServer(
  engine: Engine,
  opts: { shell?: string } = {},
): Promise<SocketServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kp-socket-'))
  const clientDir = join(dir, 'client')
  if (opts.shell !== undefined) {
    await mkdir(clientDir)
    await writeFile(join(clientDir, 'index.html'), opts.shell)
  }
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: join(dir, 'data'),
    DEMO: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    ...(engine === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  })
  const running = await startHttpServer(
    config,
    opts.shell === undefined ? { serveClient: false } : { clientDir },
  )
  return {
    running,
    base: `http://127.0.0.1:${running.port}`,
    dir,
    async close() {
      await running.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
