/**
 * npm run bench:busy — does one busy channel stall the whole app? (issue 21, item 3)
 *
 * Per engine (PGlite on disk always, Postgres with DATABASE_URL), three processes:
 *   - the app (`serve`): `startAll` as `npm start` runs it (API, collab, indexer on one port), with
 *     a fresh organisation, one standing channel and WRITERS members signed in;
 *   - a pinger (`ping`): an open-loop `GET /api/health` every PING_MS in its own process. Open
 *     loop: each request is sent at its planned time whether or not the previous one answered, and
 *     its latency counts from that planned time, so a stalled server cannot hide its stall by
 *     slowing the pinger down (no coordinated omission);
 *   - this process: WRITERS real `@hocuspocus/provider` clients posting into the channel, each at
 *     a paced WRITER_RATE messages/s (well under the per-connection limit, 100/s), with random
 *     phase. A message's ack latency runs from the post to the provider's acknowledgement (its
 *     `unsyncedChanges` going down: acks come back in order per connection).
 * Phases: BASELINE_S of health pings on the idle app (same run, same machine), then LOAD_S under
 * the writers, then the writers stop and the unacknowledged tail is awaited.
 *
 * Prints acknowledged messages/s, the channel's ack p50/p99, health p50/p99/max (idle and under
 * load) and the load average at start and end. With a 1-minute load average above MAX_LOAD the
 * machine was busy with other work: figures are printed, marked, and no verdict is given.
 * BENCH_PROFILE=<dir> writes a `.cpuprofile` of the app process per engine; BENCH_MAX_DEBOUNCE_MS
 * compacts a continuously written document at most that often (default 10 s).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { channelFixture, openClient, type TestClient } from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import { postMessage } from '../schema/docs/thread.ts'
import { startAll } from '../scripts/lib/startAll.ts'
import { connectDatabase, type Engine } from '../server/db/connect.ts'
import { connectionHolds, resetConnectionHolds } from '../server/db/holds.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, loadAverage, machineLine, type Summary, summarise, table } from './lib/stats.ts'
import { waitFor } from './lib/wait.ts'

const WRITERS = Number(process.env.BENCH_WRITERS ?? 50)
const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? 10)
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 30)
const BASELINE_S = Number(process.env.BENCH_BASELINE_S ?? 5)
const PING_MS = 20
const MAX_LOAD = 2
const TARGET = { healthP99: 250, healthMax: 500 }
const SELF = new URL(import.meta.url).pathname

// ---------------------------------------------------------------- child: the app

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
interface AppCpu {
  cpuMs: number
  mainMs: number
  window: string
}

interface Ready {
  port: number
  name: string
  writers: Array<{ id: string; token: string }>
}

async function serve(): Promise<void> {
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
  for (let i = 0; i < WRITERS; i++) {
    const m = await fixture.member('resident')
    writers.push({ id: m.id, token: m.token })
  }
  process.send!({ port, name: fixture.name, writers } satisfies Ready)
  // The app's longest main-thread blocks in the load phase: event-loop delay, sampled every 10 ms.
  const loop = monitorEventLoopDelay({ resolution: 10 })
  // CPU from the load's start to its last ack: the whole process (every thread) and the main
  // thread alone, per acknowledged message in the report.
  let cpuFrom = process.cpuUsage()
  let mainFrom = mainThreadCpuMs()
  let hrFrom = process.hrtime.bigint()
  process.on('message', async (m) => {
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

// ---------------------------------------------------------------- child: the pinger

/** Every ping: its planned send time (epoch ms, comparable across processes) and latency, or failure. */
type PingReport = Array<{ at: number; ms: number | null; why?: string }>

const epochNow = () => performance.timeOrigin + performance.now()

async function ping(url: string): Promise<void> {
  const samples: PingReport = []
  let inFlight = 0
  const started = epochNow()
  let n = 0
  let timer: NodeJS.Timeout
  const fire = () => {
    const planned = started + n * PING_MS
    n++
    inFlight++
    // Recorded when sent: a ping still unanswered at the end counts as failed, not as missing.
    const sample: PingReport[number] = { at: planned, ms: null }
    samples.push(sample)
    fetch(url, { signal: AbortSignal.timeout(30_000) })
      .then(async (res) => {
        await res.arrayBuffer()
        if (res.ok) sample.ms = epochNow() - planned
        else sample.why = `HTTP ${res.status}`
      })
      .catch((error: Error) => {
        sample.why = (error.cause as Error | undefined)?.message ?? error.name
      })
      .finally(() => inFlight--)
    // The next planned time, however late this turn ran.
    timer = setTimeout(fire, Math.max(0, started + n * PING_MS - epochNow()))
  }
  fire()
  await waitFor(() => samples.some((s) => s.ms !== null), 120_000, 'the first health answer')
  process.send!('up')
  process.once('message', async () => {
    clearTimeout(timer)
    await waitFor(() => inFlight === 0, 35_000, 'health pings in flight').catch(() => {})
    process.send!(samples, () => process.exit(0))
  })
}

function window(samples: PingReport, from: number, to: number): Summary & { failed: number } {
  const inside = samples.filter((s) => s.at >= from && s.at < to)
  const ok = inside.flatMap((s) => (s.ms === null ? [] : [s.ms]))
  const why = new Map<string, number>()
  for (const s of inside)
    if (s.ms === null) why.set(s.why ?? 'unanswered', (why.get(s.why ?? 'unanswered') ?? 0) + 1)
  if (why.size > 0) console.log(`  health pings failed: ${JSON.stringify(Object.fromEntries(why))}`)
  return { ...summarise(ok.length ? ok : [Number.NaN]), failed: inside.length - ok.length }
}

// ---------------------------------------------------------------- parent: writers and report

function forkChild(
  args: string[],
  env: Record<string, string | undefined>,
  profileDir?: string,
): ChildProcess {
  const execArgv = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []
  return fork(SELF, args, {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

const nextMessage = <T>(child: ChildProcess): Promise<T> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before answering`))
    child.once('exit', onExit)
    child.once('message', (m) => {
      child.off('exit', onExit)
      resolve(m as T)
    })
  })

interface Writer {
  client: TestClient
  acked: number[]
  ackedAt: number[]
  sentAt: number[]
  stop(): void
}

function startWriter(client: TestClient, authorId: string, until: () => boolean): Writer {
  const sentAt: number[] = []
  const acked: number[] = []
  const ackedAt: number[] = []
  let last = client.provider.unsyncedChanges
  client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    const now = performance.now()
    for (; last > number; last--) {
      const at = sentAt[acked.length]
      if (at !== undefined) {
        acked.push(now - at)
        ackedAt.push(now)
      }
    }
    last = number
  })
  const interval = 1000 / WRITER_RATE
  let timer: NodeJS.Timeout | undefined
  let n = 0
  const phase = Math.random() * interval
  const begin = performance.now() + phase
  const post = () => {
    if (!until()) return
    sentAt.push(performance.now())
    postMessage(client.doc, { authorId, text: `busy ${authorId.slice(0, 8)} #${n} ${'x'.repeat(60)}` })
    n++
    timer = setTimeout(post, Math.max(0, begin + n * interval - performance.now()))
  }
  timer = setTimeout(post, phase)
  return { client, acked, ackedAt, sentAt, stop: () => clearTimeout(timer) }
}

interface Result {
  engine: Engine
  loadStart: string
  loadEnd: string
  busy: boolean
  offered: number
  acked: number
  ackedPerS: number
  /** All acks over the time until the last one (the queue drained after the writers stopped). */
  drainedPerS: number
  unacked: number
  cpu: AppCpu & { writersMs: number }
  ack: Summary
  idle: Summary & { failed: number }
  loaded: Summary & { failed: number }
}

async function run(engine: Engine): Promise<Result> {
  const loadStart = loadAverage()
  const busyAt = [loadavg()[0]!]
  const profileDir = process.env.BENCH_PROFILE ? join(process.env.BENCH_PROFILE, engine) : undefined
  const app = forkChild(
    ['serve'],
    { DATABASE_URL: engine === 'postgres' ? process.env.DATABASE_URL : undefined },
    profileDir,
  )
  const appExited = new Promise<void>((resolve) => app.once('exit', () => resolve()))
  const ready = await nextMessage<Ready>(app)
  const base = `http://127.0.0.1:${ready.port}`
  const pinger = forkChild(['ping', `${base}/api/health`], {})
  const pingerUp = nextMessage<'up'>(pinger)
  const clients: TestClient[] = []
  try {
    // Idle baseline: the app up, every writer connected and synced, nothing posted.
    for (const w of ready.writers)
      clients.push(openClient(`ws://127.0.0.1:${ready.port}/collab`, ready.name, { cookie: w.token }))
    await waitFor(() => clients.every((c) => c.provider.isSynced), 60_000, 'writers synced')
    // The pinger is running (its first answer is in) before the idle window opens.
    await pingerUp
    const idleFrom = epochNow()
    await new Promise((r) => setTimeout(r, BASELINE_S * 1000))
    const idleTo = epochNow()

    app.send('load')
    const writersCpuFrom = process.cpuUsage()
    let loading = true
    const loadStarted = performance.now()
    const loadFrom = epochNow()
    const writers = clients.map((c, i) => startWriter(c, ready.writers[i]!.id, () => loading))
    await new Promise((r) => setTimeout(r, LOAD_S * 1000))
    loading = false
    const loadEnded = performance.now()
    const loadTo = epochNow()
    for (const w of writers) w.stop()
    busyAt.push(loadavg()[0]!)
    const offered = writers.reduce((s, w) => s + w.sentAt.length, 0)
    // The tail: whatever was posted must still be acknowledged (a bench must not hang).
    await waitFor(
      () => writers.every((w) => w.acked.length === w.sentAt.length),
      60_000,
      'the last acks',
    ).catch(() => {})
    const writersCpu = process.cpuUsage(writersCpuFrom)
    app.send('measure')
    const cpu = {
      ...(await nextMessage<AppCpu>(app)),
      writersMs: (writersCpu.user + writersCpu.system) / 1000,
    }
    if (profileDir) console.log(`  ${engine}: profile load window (µs, profile clock): ${cpu.window}`)
    const inWindow = writers.reduce((s, w) => s + w.ackedAt.filter((t) => t <= loadEnded).length, 0)
    const acks = writers.flatMap((w) => w.acked)
    const lastAck = Math.max(...writers.map((w) => w.ackedAt.at(-1) ?? loadStarted))
    pinger.send('stop')
    const pings = await nextMessage<PingReport>(pinger)
    const loadEnd = loadAverage()
    busyAt.push(loadavg()[0]!)
    return {
      engine,
      loadStart,
      loadEnd,
      busy: busyAt.some((l) => l > MAX_LOAD),
      offered,
      acked: acks.length,
      ackedPerS: inWindow / ((loadEnded - loadStarted) / 1000),
      drainedPerS: acks.length / ((lastAck - loadStarted) / 1000),
      unacked: offered - acks.length,
      cpu,
      ack: summarise(acks.length ? acks : [Number.NaN]),
      idle: window(pings, idleFrom, idleTo),
      loaded: window(pings, loadFrom, loadTo),
    }
  } catch (error) {
    console.error(`${engine}:`, error, clients[0]?.events)
    throw error
  } finally {
    for (const c of clients) c.destroy()
    pinger.kill()
    app.send('stop')
    await Promise.race([appExited, new Promise((r) => setTimeout(r, 30_000))])
    app.kill('SIGKILL')
  }
}

async function main(): Promise<void> {
  console.log(`bench:busy — ${machineLine()}`)
  console.log(
    `${WRITERS} writers × ${WRITER_RATE} msg/s into one channel for ${LOAD_S} s (offered ${fmt(WRITERS * WRITER_RATE)}/s); ` +
      `GET /api/health every ${PING_MS} ms from its own process; idle baseline ${BASELINE_S} s\n`,
  )
  const results: Result[] = []
  for (const engine of benchEngines()) {
    if (engine === 'postgres') {
      // The app migrates at start; nothing else to prepare (each run builds its own organisation).
      const probe = await connectDatabase({ databaseUrl: process.env.DATABASE_URL, migrate: false })
      await probe.close()
    }
    results.push(await run(engine))
    console.log(`  ${engine}: done (load average ${loadAverage()})`)
  }
  const ms = (x: number) => fmt(x, 0)
  console.log()
  console.log(
    table(
      [
        'engine',
        'load avg start → end',
        'acked msg/s (in window / to last ack)',
        'acked / offered',
        'channel ack p50 / p99 ms',
        'health idle p50 / p99 / max ms',
        'health loaded p50 / p99 / max ms',
        'health failed',
        'CPU ms per acked msg: app (all threads / main thread), writers',
        'verdict',
      ],
      results.map((r) => {
        const met = r.loaded.p99 <= TARGET.healthP99 && r.loaded.max <= TARGET.healthMax
        return [
          r.engine,
          `${r.loadStart.split(' ')[0]} → ${r.loadEnd.split(' ')[0]}${r.busy ? ' (BUSY)' : ''}`,
          `${fmt(r.ackedPerS, 0)} / ${fmt(r.drainedPerS, 0)}`,
          `${fmt(r.acked)} / ${fmt(r.offered)}`,
          `${ms(r.ack.p50)} / ${ms(r.ack.p99)}`,
          `${ms(r.idle.p50)} / ${ms(r.idle.p99)} / ${ms(r.idle.max)}`,
          `${ms(r.loaded.p50)} / ${ms(r.loaded.p99)} / ${ms(r.loaded.max)}`,
          `${r.idle.failed} / ${r.loaded.failed}`,
          `${fmt(r.cpu.cpuMs / r.acked, 2)} / ${fmt(r.cpu.mainMs / r.acked, 2)}, ${fmt(r.cpu.writersMs / r.acked, 2)}`,
          r.busy ? 'none: machine busy (load > 2), figures marked' : met ? 'target met' : 'target NOT met',
        ]
      }),
    ),
  )
  console.log(
    `\nTarget under load: health p99 ≤ ${TARGET.healthP99} ms and max ≤ ${TARGET.healthMax} ms, acked rate no lower than before.`,
  )
}

// A provider reconnecting when the run ends: ws reports closing a socket that was still connecting.
process.on('uncaughtException', (error) => {
  if (error.message === 'WebSocket was closed before the connection was established') return
  throw error
})

const [mode, arg] = process.argv.slice(2)
if (mode === 'serve') await serve()
else if (mode === 'ping') await ping(arg!)
else await main()
