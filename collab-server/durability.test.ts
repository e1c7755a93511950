import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it, vi } from 'vitest'
import { connectDatabase, type Engine } from '../api/db/connect.ts'
import { loadConfig } from '../schema/config.ts'
import { editMessage, postMessage, readMessages } from '../schema/docs/thread.ts'
import { channelFixture, ENGINES, openClient, type TestClient } from './test/harness.ts'

/**
 * Durable before acknowledged, end to end: the collab server runs as a child process on a store
 * that outlives it (Postgres, or PGlite on disk); a real provider writes thread messages and edits
 * and records every acknowledgement (SyncStatus, seen as `unsyncedChanges` going down); the child
 * is SIGKILLed at a random moment (mid-append, mid-compaction, mid-broadcast); a restarted child
 * must hand every acknowledged edit back to a fresh client. Unacknowledged edits may or may not
 * survive; acknowledged ones must.
 */
const ROUNDS = Number(process.env.DURABILITY_ROUNDS ?? 20)
const SERVER_ENTRY = new URL('./test/durableServer.ts', import.meta.url).pathname
// Stays under the limits extension's burst (300 messages per connection).
const MAX_WRITES_PER_ROUND = 200

interface Child {
  process: ChildProcess
  exited: Promise<void>
  stderr(): string
  /** Lets the waiting child open the store and listen; resolves with its websocket URL. */
  start(): Promise<string>
}

/** Spawns a server that loads its code and then waits, so its start-up overlaps the last round. */
function spawnServer(env: Record<string, string>): Child {
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
  const listening = new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split('\n').find((l) => l.startsWith('{"port"'))
      if (line) resolve(`ws://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/collab`)
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`collab child exited before listening (${code ?? signal}):\n${stderr}`)),
    )
  })
  listening.catch(() => {})
  return {
    process: child,
    exited,
    stderr: () => stderr,
    start() {
      child.stdin!.end('go\n')
      return listening
    },
  }
}

/** What the client was told is saved: per message, its versions in order and the highest acked. */
interface Ledger {
  versions: Map<string, string[]>
  acked: Map<string, number>
}

function checkAckedPresent(ledger: Ledger, client: TestClient): { acked: number; present: number } {
  const onServer = new Map(readMessages(client.doc).map((m) => [m.id, m.text]))
  for (const [id, ackedVersion] of ledger.acked) {
    const versions = ledger.versions.get(id)!
    const text = onServer.get(id)
    expect(text, `acknowledged message ${id} is missing`).toBeDefined()
    // A later (unacknowledged) edit may also have survived; an earlier version must not come back.
    expect(versions.indexOf(text!), `message ${id} lost its acknowledged edit`).toBeGreaterThanOrEqual(
      ackedVersion,
    )
  }
  for (const id of onServer.keys()) expect(ledger.versions.has(id), `unknown message ${id}`).toBe(true)
  return { acked: ledger.acked.size, present: onServer.size }
}

/**
 * Writes until `stop()`: mostly new messages, sometimes an edit of an earlier one, at a random
 * pace. Acks come back in order (Hocuspocus handles a connection's messages one at a time), so
 * the n-th decrement of `unsyncedChanges` acknowledges the n-th update sent.
 */
function startWriter(client: TestClient, authorId: string, ledger: Ledger) {
  const sent: Array<{ id: string; version: number }> = []
  let ackCount = 0
  let last = client.provider.unsyncedChanges
  client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    for (; last > number; last--) {
      const update = sent[ackCount++]
      if (update && (ledger.acked.get(update.id) ?? -1) < update.version) {
        ledger.acked.set(update.id, update.version)
      }
    }
    last = number
  })
  let stopped = false
  const done = (async () => {
    const mine: string[] = []
    while (!stopped && sent.length < MAX_WRITES_PER_ROUND) {
      if (mine.length > 0 && Math.random() < 0.25) {
        const id = mine[Math.floor(Math.random() * mine.length)]!
        const versions = ledger.versions.get(id)!
        const text = `${versions[0]} (edit ${versions.length})`
        sent.push({ id, version: versions.length })
        versions.push(text)
        editMessage(client.doc, id, text)
      } else {
        const id = crypto.randomUUID()
        const text = `message ${ledger.versions.size + 1}`
        ledger.versions.set(id, [text])
        sent.push({ id, version: 0 })
        mine.push(id)
        postMessage(client.doc, { id, authorId, text })
      }
      // Sometimes back to back (several appends share one group commit), sometimes spaced out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() < 0.5 ? 0 : Math.random() * 4))
    }
  })()
  return {
    sent: () => sent.length,
    acks: () => ackCount,
    async stop() {
      stopped = true
      await done
    },
  }
}

interface Store {
  env: Record<string, string>
  name: string
  alice: { id: string; token: string }
  cleanup(): Promise<void>
}

async function prepareStore(engine: Engine): Promise<Store> {
  if (engine === 'postgres') {
    const connected = await connectDatabase({ databaseUrl: process.env.DATABASE_URL })
    const fixture = await channelFixture(connected.db)
    const alice = await fixture.member('resident')
    return {
      env: { DATABASE_URL: process.env.DATABASE_URL! },
      name: fixture.name,
      alice,
      cleanup: () => connected.close(),
    }
  }
  // PGlite is one process: build the fixture, close it, then hand the directory to the child.
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-durability-'))
  const connected = await connectDatabase({ dataDir: loadConfig({ DATA_DIR: dataDir }).embeddedDbDir })
  const fixture = await channelFixture(connected.db)
  const alice = await fixture.member('resident')
  await connected.close()
  return {
    env: { DATA_DIR: dataDir },
    name: fixture.name,
    alice,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  }
}

const children: Child[] = []
const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const child of children) child.process.kill('SIGKILL')
  await Promise.all(children.map((child) => child.exited))
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

// Both engines at once: most of a round is waiting for a process to start.
it.concurrent.each(ENGINES)(
  `on %s, every acknowledged edit survives SIGKILL at a random moment (${ROUNDS} rounds)`,
  async (engine) => {
    const store = await prepareStore(engine)
    cleanups.push(store.cleanup)
    const spawnNext = () => {
      const child = spawnServer(store.env)
      children.push(child)
      return child
    }
    const ledger: Ledger = { versions: new Map(), acked: new Map() }
    const stats = { sent: 0, acked: 0, timings: [] as number[] }

    let child = spawnNext()
    let url = await child.start()
    let next = spawnNext()
    for (let round = 0; ; round++) {
      const startedAt = performance.now()
      const client = openClient(url, store.name, { cookie: store.alice.token }, { maxAttempts: 1 })
      try {
        await vi.waitFor(
          () =>
            expect(
              client.provider.synced && client.provider.unsyncedChanges === 0,
              `not synced: ${JSON.stringify(client.events)} ${child.stderr()}`,
            ).toBe(true),
          { timeout: 15_000 },
        )
        // What a restarted server hands out: every edit acknowledged before any earlier kill.
        checkAckedPresent(ledger, client)
        if (round === ROUNDS) break

        const writer = startWriter(client, store.alice.id, ledger)
        // Kill at a random moment after the first acknowledgement, so every round has acknowledged
        // edits at stake (and usually more in flight).
        await vi.waitFor(() => expect(writer.acks()).toBeGreaterThan(0), { timeout: 15_000 })
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 250))
        child.process.kill('SIGKILL')
        await writer.stop()
        await child.exited
        // Acks already on the wire are read before the socket reports its close.
        await vi.waitFor(() => expect(client.events.socketCloses.length).toBeGreaterThan(0))
        expect(
          client.events.closes.filter((r) => r !== ''),
          'no refusals while writing',
        ).toEqual([])
        stats.sent += writer.sent()
        stats.acked += writer.acks()
        child = next
      } finally {
        // This doc still holds the unacknowledged edits; it must never resync them.
        client.destroy()
      }
      url = await child.start()
      next = spawnNext()
      stats.timings.push(Math.round(performance.now() - startedAt))
    }

    console.info(
      `[durability/${engine}] ${ROUNDS} kills; ${stats.sent} updates sent, ${stats.acked} acknowledged, ` +
        `all acknowledged present; ms per round ${stats.timings.join(' ')}`,
    )
    // A test that cannot fail is a defect: kills must also have landed with updates in flight.
    expect(stats.sent).toBeGreaterThan(stats.acked)
  },
  // Each round restarts a process; on a loaded 2-CPU machine a PGlite restart after a kill takes seconds.
  600_000,
)
