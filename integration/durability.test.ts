import { afterAll, expect, it, vi } from 'vitest'
import { type Child, prepareStore, spawnServer } from '../collab-server/test/childServer.ts'
import { ENGINES, openClient, type TestClient } from '../collab-server/test/harness.ts'
import { editMessage, postMessage, readMessages } from '../schema/docs/thread.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import { readWholeThread } from './threadReader.ts'

/**
 * Durable before acknowledged, end to end: the collab server runs as a child process on a store
 * that outlives it (Postgres, or PGlite on disk); a real provider writes thread messages and edits
 * and records every acknowledgement (SyncStatus, seen as `unsyncedChanges` going down); the child
 * is SIGKILLed at a random moment (mid-append, mid-compaction, mid-broadcast); a restarted child
 * must hand every acknowledged edit back to a fresh client, through the live document and the
 * thread archive (low thresholds, so archive rounds run all along). Unacknowledged edits may or
 * may not survive; acknowledged ones must.
 *
 * Some rounds aim the kill (issue 21): the child holds inside a compaction's transaction or in an
 * archive round between taking messages out of the document and making that durable, reports it,
 * and is killed there. After every restart the thread must acknowledge a new message within 5 s.
 *
 * The default is a short run for every push (both engines at once, two aimed kills each);
 * DURABILITY_ROUNDS=30 for a long one (a third of the rounds are aimed).
 */
const ROUNDS = Number(process.env.DURABILITY_ROUNDS ?? 4)
/** Round n's kill: at a random moment, or aimed at a point (test/durableServer.ts PAUSE_AT). */
const AIMS = ['random', 'compaction', 'random', 'archive', 'random', 'random'] as const
const aimOf = (round: number) => AIMS[round % AIMS.length]!
const ARCHIVE_ENV = { ARCHIVE_KEEP: '20', ARCHIVE_AT: '40' }
// Stays under the limits extension's burst (300 messages per connection).
const MAX_WRITES_PER_ROUND = 200

/** What the client was told is saved: per message, its versions in order and the highest acked. */
interface Ledger {
  versions: Map<string, string[]>
  acked: Map<string, number>
}

/** Every acknowledged edit, read whole: the live document, then the archive pages. */
async function checkAckedPresent(ledger: Ledger, client: TestClient, child: Child, threadId: string) {
  const live = readMessages(client.doc)
  const texts = new Map(live.map((m) => [m.id, m.text]))
  const read = await readWholeThread(
    live.map((m) => m.id),
    async (before, limit) => {
      const page = await child.archivePage(threadId, before, limit)
      for (const m of page.messages) texts.set(m.id, m.text)
      return page
    },
  )
  for (const [id, ackedVersion] of ledger.acked) {
    const versions = ledger.versions.get(id)!
    const text = texts.get(id)
    expect(text, `acknowledged message ${id} is missing`).toBeDefined()
    expect(read.seen.get(id), `message ${id} read more than once`).toBe(1)
    // A later (unacknowledged) edit may also have survived; an earlier version must not come back.
    expect(versions.indexOf(text!), `message ${id} lost its acknowledged edit`).toBeGreaterThanOrEqual(
      ackedVersion,
    )
  }
  for (const id of texts.keys()) expect(ledger.versions.has(id), `unknown message ${id}`).toBe(true)
  return { acked: ledger.acked.size, present: texts.size, live: live.length }
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
        // One of the newest: older ones may be on their way to the archive (frozen, refused).
        const recent = mine.slice(-10)
        const id = recent[Math.floor(Math.random() * recent.length)]!
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
    // Each child is spawned one round ahead, with the aim of the round it will serve.
    const spawnFor = (round: number) => {
      const aim = aimOf(round)
      const child = spawnServer({
        ...store.env,
        ...ARCHIVE_ENV,
        ...(aim === 'random' ? {} : { PAUSE_AT: aim }),
      })
      children.push(child)
      return child
    }
    const ledger: Ledger = { versions: new Map(), acked: new Map() }
    const stats = {
      sent: 0,
      acked: 0,
      timings: [] as number[],
      firstAck: [] as number[],
      aimed: [] as string[],
    }

    let child = spawnFor(0)
    let url = await child.start()
    let next = spawnFor(1)
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
        const syncMs = performance.now() - startedAt
        // What a restarted server hands out: every edit acknowledged before any earlier kill.
        await checkAckedPresent(ledger, client, child, store.threadId)
        const writeStart = performance.now()
        const writer = startWriter(client, store.alice.id, ledger)
        // After every restart the thread takes writes again within 5 s (issue 21: a thread stuck
        // over its size cap after kills refused every post, across restarts).
        await vi.waitFor(() => expect(writer.acks()).toBeGreaterThan(0), { timeout: 30_000 })
        // From opening the document to the first acknowledgement, without the test's own reading.
        const firstAck = Math.round(syncMs + performance.now() - writeStart)
        stats.firstAck.push(firstAck)
        // (Round 0 is the first start, on a fresh store: no restart to recover from.)
        if (round > 0)
          expect(
            firstAck,
            `first acknowledgement after restart ${round} (sync ${Math.round(syncMs)} ms, load ${loadNow()}; ${JSON.stringify(stats)})`,
          ).toBeLessThan(loadScaled(5_000))
        if (round === ROUNDS) {
          await writer.stop()
          break
        }

        if (aimOf(round) === 'random') {
          // Kill at a random moment after the first acknowledgement, so every round has
          // acknowledged edits at stake (and usually more in flight).
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 250))
        } else {
          // Inside the compaction or the archive round (the writer keeps going meanwhile).
          const aim = aimOf(round)
          const timeout = new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`the child never reached ${aim}:\n${child.stderr()}`)), 30_000),
          )
          stats.aimed.push(await Promise.race([child.paused, timeout]))
        }
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
      next = spawnFor(round + 2)
      stats.timings.push(Math.round(performance.now() - startedAt))
    }

    console.info(
      `[durability/${engine}] ${ROUNDS} kills (aimed: ${stats.aimed.join(', ')}); ${stats.sent} updates sent, ` +
        `${stats.acked} acknowledged, all acknowledged present; ms per round ${stats.timings.join(' ')}; ` +
        `ms to the first ack after each restart ${stats.firstAck.join(' ')}`,
    )
    expect(stats.aimed).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => aimOf(i)).filter((aim) => aim !== 'random'),
    )
    // A test that cannot fail is a defect: kills must also have landed with updates in flight.
    expect(stats.sent).toBeGreaterThan(stats.acked)
  },
  // Each round restarts a process; on a loaded 2-CPU machine a PGlite restart after a kill takes seconds.
  Math.max(300_000, ROUNDS * 30_000),
)
