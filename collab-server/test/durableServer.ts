import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../schema/config.ts'
import { connectDatabase } from '../../server/db/connect.ts'
import type { PausePoint } from '../../server/docstore/pausePoints.ts'
import { archivePage } from '../../server/threads/archiveReader.ts'
import { attachCollab, type Collab } from '../attach.ts'

/**
 * The collab server as a child process for the durability test, which SIGKILLs it. Storage is
 * DATABASE_URL (Postgres) or PGlite persisted under DATA_DIR, so it outlives the process. A
 * short store debounce (DEBOUNCE_MS) makes compactions run inside the test's write windows, so
 * kills land in them too. Prints one line `{"port":N}` on stdout when it listens.
 *
 * With START_ON_STDIN=1 it loads its code and then waits for a line on stdin before it opens the
 * store, so the test can spawn the next server while the current one is still running (PGlite
 * must not be opened by two processes at once).
 *
 * PAUSE_AT=compaction|archive aims a kill: the first time this process reaches that point (inside
 * the compaction's transaction, or in an archive round between taking messages out of the
 * document and making that durable) after it accepted an update, it prints `{"paused":point}`
 * and holds there until killed. ARCHIVE_KEEP/ARCHIVE_AT lower the archive thresholds.
 * GET /archive/<thread id>?before=&limit= serves the thread's archive pages (what the API's
 * /api/threads/:id/archive returns), so the test reads a thread whole while the child owns the
 * store.
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
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const match = /^\/archive\/([0-9a-f-]{36})$/.exec(url.pathname)
  if (!match) return void res.writeHead(404).end()
  archivePage(db, match[1]!, {
    before: url.searchParams.get('before') ?? undefined,
    limit: Number(url.searchParams.get('limit') ?? 100),
    moderator: false,
  }).then(
    (page) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page)),
    (error: unknown) => res.writeHead(500).end(String(error)),
  )
})
const pauseAt = process.env.PAUSE_AT as PausePoint | undefined
let paused = false
let collab: Collab | undefined
const pause = async (point: PausePoint) => {
  if (point !== pauseAt || paused || !collab || collab.metrics.accepted === 0) return
  paused = true
  // Let appends already under way commit, so the kill lands between this point's steps only.
  await new Promise((resolve) => setTimeout(resolve, 100))
  process.stdout.write(`${JSON.stringify({ paused: point })}\n`)
  await new Promise(() => {})
}
const archive = process.env.ARCHIVE_AT
  ? { keep: Number(process.env.ARCHIVE_KEEP ?? 20), at: Number(process.env.ARCHIVE_AT) }
  : undefined
collab = attachCollab(
  server,
  { db, config },
  { debounceMs, maxDebounceMs: debounceMs * 3, pause: pauseAt ? pause : undefined, archive },
)
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ port })}\n`)
})
