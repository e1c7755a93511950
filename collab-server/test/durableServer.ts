import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connectDatabase } from '../../api/db/connect.ts'
import { loadConfig } from '../../schema/config.ts'
import { attachCollab } from '../attach.ts'

/**
 * The collab server as a child process for the durability test, which SIGKILLs it. Storage is
 * DATABASE_URL (Postgres) or PGlite persisted under DATA_DIR, so it outlives the process. A
 * short store debounce (DEBOUNCE_MS) makes compactions run inside the test's write windows, so
 * kills land in them too. Prints one line `{"port":N}` on stdout when it listens.
 *
 * With START_ON_STDIN=1 it loads its code and then waits for a line on stdin before it opens the
 * store, so the test can spawn the next server while the current one is still running (PGlite
 * must not be opened by two processes at once).
 */
const config = loadConfig({
  DATA_DIR: process.env.DATA_DIR,
  DATABASE_URL: process.env.DATABASE_URL,
  PUBLIC_URL: 'http://localhost:3000',
  LOG_LEVEL: 'error',
})
const debounceMs = Number(process.env.DEBOUNCE_MS ?? 100)
if (process.env.START_ON_STDIN === '1') {
  // A test that went away before starting us leaves stdin closed: leave quietly.
  const exitOnEnd = () => process.exit(0)
  process.stdin.once('end', exitOnEnd)
  await new Promise((resolve) => process.stdin.once('data', resolve))
  process.stdin.off('end', exitOnEnd).pause()
}
// The test migrated the store when it built its fixture; a restart after a kill need not.
const { db } = await connectDatabase({
  databaseUrl: config.databaseUrl,
  // Not openDatabase: this test server is killed and restarted while the last one still exits.
  dataDir: config.embeddedDbDir,
  migrate: false,
})
const server = createServer((_req, res) => res.writeHead(404).end())
attachCollab(server, { db, config }, { debounceMs, maxDebounceMs: debounceMs * 3 })
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ port })}\n`)
})
