import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ThreadArchivePage } from '../../schema/api/threads.ts'
import { loadConfig } from '../../schema/config.ts'
import { connectDatabase, type Engine } from '../../server/db/connect.ts'
import { migratedSnapshot } from '../../server/test/pgliteSnapshot.ts'
import { channelFixture } from './harness.ts'

/**
 * The collab server as a child process (test/durableServer.ts) on a store that outlives it, for
 * tests that SIGKILL it: the durability test, and the crash inside an archive round.
 */
const SERVER_ENTRY = new URL('./durableServer.ts', import.meta.url).pathname

export interface Child {
  process: ChildProcess
  exited: Promise<void>
  stderr(): string
  /** Lets the waiting child open the store and listen; resolves with its websocket URL. */
  start(): Promise<string>
  /** Resolves when the child reports it holds at its PAUSE_AT point. */
  paused: Promise<string>
  /** A page of the thread's archive, from the child (GET /archive/<thread id>). */
  archivePage(threadId: string, before: string | undefined, limit: number): Promise<ThreadArchivePage>
}

/** Spawns a server that loads its code and then waits, so its start-up overlaps the last round. */
export function spawnServer(env: Record<string, string>): Child {
  const { DATABASE_URL: _ignored, ...base } = process.env
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...base, DEBOUNCE_MS: '100', START_ON_STDIN: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stdout = ''
  const lines = new Set<(line: string) => void>()
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    const all = stdout.split('\n')
    stdout = all.pop()!
    for (const line of all) for (const listener of lines) listener(line)
  })
  const waitFor = (prefix: string) => {
    const found = new Promise<string>((resolve, reject) => {
      lines.add((line) => line.startsWith(prefix) && resolve(line))
      child.once('exit', (code, signal) =>
        reject(new Error(`collab child exited before ${prefix} (${code ?? signal}):\n${stderr}`)),
      )
    })
    found.catch(() => {})
    return found
  }
  const listening = waitFor('{"port"').then((line) => (JSON.parse(line) as { port: number }).port)
  const paused = waitFor('{"paused"').then((line) => (JSON.parse(line) as { paused: string }).paused)
  // Awaited only by tests that aim a kill; a child that exits otherwise is no error here.
  listening.catch(() => {})
  paused.catch(() => {})
  return {
    process: child,
    exited,
    stderr: () => stderr,
    start() {
      child.stdin!.end('go\n')
      return listening.then((port) => `ws://127.0.0.1:${port}/collab`)
    },
    paused,
    async archivePage(threadId, before, limit) {
      const query = new URLSearchParams({ limit: String(limit) })
      if (before) query.set('before', before)
      const res = await fetch(`http://127.0.0.1:${await listening}/archive/${threadId}?${query}`)
      if (!res.ok) throw new Error(`archive page: ${res.status} ${await res.text()}`)
      return (await res.json()) as ThreadArchivePage
    },
  }
}

export interface Store {
  env: Record<string, string>
  name: string
  threadId: string
  alice: { id: string; token: string }
  cleanup(): Promise<void>
}

/** A channel and a member in a store a child can open (PGlite on disk, or Postgres). */
export async function prepareStore(engine: Engine): Promise<Store> {
  if (engine === 'postgres') {
    const connected = await connectDatabase({ databaseUrl: process.env.DATABASE_URL })
    const fixture = await channelFixture(connected.db)
    const alice = await fixture.member('resident')
    return {
      env: { DATABASE_URL: process.env.DATABASE_URL! },
      name: fixture.name,
      threadId: fixture.threadId,
      alice,
      cleanup: () => connected.close(),
    }
  }
  // PGlite is one process: build the fixture, close it, then hand the directory to the child. The
  // directory starts from the run's migrated snapshot: initdb and every migration on disk took
  // 10 to 20 s of each such file on a busy machine.
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-durability-'))
  const connected = await connectDatabase({
    dataDir: loadConfig({ DATA_DIR: dataDir }).embeddedDbDir,
    loadDataDir: await migratedSnapshot(),
  })
  const fixture = await channelFixture(connected.db)
  const alice = await fixture.member('resident')
  await connected.close()
  return {
    env: { DATA_DIR: dataDir },
    name: fixture.name,
    threadId: fixture.threadId,
    alice,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  }
}
