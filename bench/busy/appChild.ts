/**
 * bench:busy's app process (bench/busyThread.ts forks it with `serve`): `startAll` as `npm start`
 * runs it (API, collab, indexer on one port), a fresh organisation with one standing channel and
 * its writers signed in, and the CPU and event-loop figures of the load phase on request.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { channelFixture } from '../../collab-server/test/harness.ts'
import { loadConfig } from '../../schema/config.ts'
import { startAll } from '../../scripts/lib/startAll.ts'
import type { DB } from '../../server/db/connect.ts'
import { connectionHolds, resetConnectionHolds } from '../../server/db/holds.ts'
import { fmt, table } from '../lib/stats.ts'

/**
 * CPU time of the calling thread (Linux: /proc/thread-self/stat, in clock ticks of 10 ms), or NaN.
 * Not the event loop's utilisation: on a loaded machine that counts the time the thread waited
 * for a core as busy.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of the stat line (utime, stime); the slice starts at field 3.
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/** The app's CPU time over the load and its drain (see serve). */
export interface AppCpu {
  cpuMs: number
  mainMs: number
  window: string
}

export interface Ready {
  port: number
  name: string
  threadId: string
  writers: Array<{ id: string; token: string }>
}

export async function serve(writerCount: number): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-busy-'))
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    DEMO: '0',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    LOG_LEVEL: 'error',
  })
  const maxDebounceMs = Number(process.env.BENCH_MAX_DEBOUNCE_MS) || undefined
  const compaction = maxDebounceMs ? { maxDebounceMs } : {}
  const app = await startAll(config, { serveClient: false, compaction })
  const port = app.http.port
  const fixture = await channelFixture(app.http.deps.db)
  const writers: Ready['writers'] = []
  for (let i = 0; i < writerCount; i++) {
    const m = await fixture.member('resident')
    writers.push({ id: m.id, token: m.token })
  }
  process.send!({ port, name: fixture.name, threadId: fixture.threadId, writers } satisfies Ready)
  // The app's longest main-thread blocks in the load phase: event-loop delay, sampled every 10 ms.
  const loop = monitorEventLoopDelay({ resolution: 10 })
  // CPU from the load's start to its last ack: the whole process (every thread) and the main
  // thread alone, per acknowledged message in the report.
  let cpuFrom = process.cpuUsage()
  let mainFrom = mainThreadCpuMs()
  let hrFrom = process.hrtime.bigint()
  process.on('message', async (m) => {
    if (typeof m === 'object' && m !== null && 'stored' in m) {
      return process.send!(
        await storedIds(app.http.deps.db, fixture.threadId, (m as { stored: number }).stored),
      )
    }
    if (m === 'load') {
      loop.enable()
      cpuFrom = process.cpuUsage()
      mainFrom = mainThreadCpuMs()
      hrFrom = process.hrtime.bigint()
      return resetConnectionHolds()
    }
    if (m === 'measure') {
      const cpu = process.cpuUsage(cpuFrom)
      // In the clock of V8's CPU profiles (µs), for bench/lib/profileSummary.ts.
      const window = `${hrFrom / 1000n} ${process.hrtime.bigint() / 1000n}`
      return process.send!({
        cpuMs: (cpu.user + cpu.system) / 1000,
        mainMs: mainThreadCpuMs() - mainFrom,
        window,
      } satisfies AppCpu)
    }
    loop.disable()
    const ms = (ns: number) => fmt(ns / 1e6, 0)
    const [p50, p99] = [loop.percentile(50), loop.percentile(99)].map(ms)
    console.log(`\n  app event-loop delay under load: p50 ${p50} / p99 ${p99} / max ${ms(loop.max)} ms`)
    if (config.databaseUrl === undefined) printHolds()
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
    process.exit(0)
  })
}

/**
 * The ids of the channel's `messages` rows once the projection has caught up: rows are written by
 * compaction (debounced), so wait until there are at least `expected` or none came for 10 s.
 */
async function storedIds(db: DB, threadId: string, expected: number): Promise<string[]> {
  const ids = async () =>
    (await db.selectFrom('messages').select('id').where('thread_id', '=', threadId).execute()).map(
      (r) => r.id,
    )
  let rows = await ids()
  let grewAt = performance.now()
  const until = performance.now() + 90_000
  while (rows.length < expected && performance.now() - grewAt < 10_000 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 500))
    const next = await ids()
    if (next.length > rows.length) grewAt = performance.now()
    rows = next
  }
  return rows
}

/** Who held PGlite's one connection during the load phase, and for how long (server/db/holds.ts). */
function printHolds(): void {
  const rows = connectionHolds().slice(0, 12)
  console.log('\n  PGlite connection held during the load phase (by first statement; tx = transaction):')
  console.log(
    table(
      [
        'work',
        'count',
        'total ms',
        'in statements',
        'mean ms',
        'max ms',
        'stmts at max',
        '≥100 ms',
        '≥500 ms',
      ],
      rows.map((r) => [
        r.kind,
        String(r.count),
        fmt(r.totalMs, 0),
        `${fmt((100 * r.inStatementsMs) / r.totalMs, 0)} %`,
        fmt(r.totalMs / r.count, 1),
        fmt(r.maxMs, 0),
        String(r.statementsAtMax),
        String(r.over100),
        String(r.over500),
      ]),
    ),
  )
}
