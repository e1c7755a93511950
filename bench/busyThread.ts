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
 *   - the writers: WRITERS members posting into the channel, each on its own connection at a
 *     paced WRITER_RATE messages/s (well under the per-connection limit, 100/s, burst 300), with
 *     random phase. `BUSY_WRITERS=raw` (default): raw websocket clients in BUSY_WRITER_PROCS (1)
 *     processes of their own (bench/busy/rawWriter.ts: the provider's handshake and real posts,
 *     without applying every broadcast); `BUSY_WRITERS=provider`: real `@hocuspocus/provider`
 *     clients in this process, as before (bench/busy/writers.ts). A message's ack latency runs
 *     from its send to its acknowledgement (acks come back in order per connection).
 * Phases: BASELINE_S of health pings on the idle app (same run, same machine), then LOAD_S under
 * the writers, then the writers stop and the unacknowledged tail is awaited.
 *
 * Prints offered and acknowledged messages/s, the channel's ack p50/p99, health p50/p99/max (idle
 * and under load), CPU per acknowledged message (app and writers) and the load average at start
 * and end. After the run the app's `messages` rows of the channel are compared with the
 * acknowledged posts' ids: an acknowledged post without a row is reported as missing. With a
 * 1-minute load average above MAX_LOAD the machine was busy with other work: figures are printed,
 * marked, and no verdict is given. BENCH_PROFILE=<dir> writes `.cpuprofile`s of the app process per
 * engine (and of raw writers' processes, in `<dir>/<engine>/writers`); BENCH_MAX_DEBOUNCE_MS
 * compacts a continuously written document at most that often (default 10 s).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { COLLAB_DEFAULTS } from '../collab-server/attach.ts'
import { connectDatabase, type Engine } from '../server/db/connect.ts'
import { type AppCpu, type Ready, serve } from './busy/appChild.ts'
import { epochNow, type PingReport, ping, window } from './busy/pinger.ts'
import { openWriters, type WriterKind } from './busy/writers.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, loadAverage, machineLine, type Summary, summarise, table } from './lib/stats.ts'

const WRITERS = Number(process.env.BENCH_WRITERS ?? 50)
const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? 10)
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 30)
const BASELINE_S = Number(process.env.BENCH_BASELINE_S ?? 5)
const WRITER_KIND = (process.env.BUSY_WRITERS ?? 'raw') as WriterKind
const WRITER_PROCS = Number(process.env.BUSY_WRITER_PROCS ?? 1)
const PING_MS = 20
const MAX_LOAD = 2
/** Issue 21 item 3: health under load, and the acknowledged rate no lower than when it was filed. */
const TARGET = { healthP99: 250, healthMax: 500, ackedPerS: { pglite: 291, postgres: 456 } }
const SELF = new URL(import.meta.url).pathname

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

interface Result {
  engine: Engine
  loadStart: string
  loadEnd: string
  busy: boolean
  /** Posts sent in the load window, per second of it. */
  offeredPerS: number
  offered: number
  acked: number
  ackedPerS: number
  /** All acks over the time until the last one (the queue drained after the writers stopped). */
  drainedPerS: number
  /** Acknowledged posts with no `messages` row after the run (must be 0), and rows in all. */
  missing: number
  rows: number
  problems: string[]
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
  let writers: Awaited<ReturnType<typeof openWriters>> | undefined
  try {
    // Idle baseline: the app up, every writer connected and synced, nothing posted.
    writers = await openWriters(WRITER_KIND, {
      url: `ws://127.0.0.1:${ready.port}/collab`,
      name: ready.name,
      writers: ready.writers,
      rate: WRITER_RATE,
      processes: WRITER_PROCS,
      profileDir: profileDir && join(profileDir, 'writers'),
    })
    // The pinger is running (its first answer is in) before the idle window opens.
    await pingerUp
    const idleFrom = epochNow()
    await new Promise((r) => setTimeout(r, BASELINE_S * 1000))
    const idleTo = epochNow()

    app.send('load')
    const loadFrom = epochNow()
    writers.start()
    await new Promise((r) => setTimeout(r, LOAD_S * 1000))
    const loadTo = epochNow()
    busyAt.push(loadavg()[0]!)
    // Stops posting; whatever was posted must still be acknowledged (a bench must not hang).
    const drained = await writers.drain(60_000)
    app.send('measure')
    const cpu = { ...(await nextMessage<AppCpu>(app)), writersMs: drained.cpuMs }
    if (profileDir) console.log(`  ${engine}: profile load window (µs, profile clock): ${cpu.window}`)
    const all = drained.writers
    const offered = all.reduce((s, w) => s + w.sentAt.length, 0)
    const inWindow = (times: number[]) => times.filter((t) => t <= loadTo).length
    const windowS = (loadTo - loadFrom) / 1000
    const acks = all.flatMap((w) => w.ackMs)
    const lastAck = Math.max(...all.map((w) => w.ackedAt.at(-1) ?? loadFrom))
    pinger.send('stop')
    const pings = await nextMessage<PingReport>(pinger)
    const loadEnd = loadAverage()
    busyAt.push(loadavg()[0]!)
    // What was acknowledged must be stored: every acknowledged id has its row once the
    // projection has run (the writers leave first, so the document is stored on unload).
    await writers.close()
    writers = undefined
    const acked = all.flatMap((w) => w.ackedIds)
    app.send({ stored: acked.length })
    const rows = new Set(await nextMessage<string[]>(app))
    return {
      engine,
      loadStart,
      loadEnd,
      busy: busyAt.some((l) => l > MAX_LOAD),
      offeredPerS: all.reduce((s, w) => s + inWindow(w.sentAt), 0) / windowS,
      offered,
      acked: acks.length,
      ackedPerS: all.reduce((s, w) => s + inWindow(w.ackedAt), 0) / windowS,
      drainedPerS: acks.length / ((lastAck - loadFrom) / 1000),
      missing: acked.filter((id) => !rows.has(id)).length,
      rows: rows.size,
      problems: [...new Set(drained.problems)],
      cpu,
      ack: summarise(acks.length ? acks : [Number.NaN]),
      idle: window(pings, idleFrom, idleTo),
      loaded: window(pings, loadFrom, loadTo),
    }
  } catch (error) {
    console.error(`${engine}:`, error)
    throw error
  } finally {
    await writers?.close()
    pinger.kill()
    app.send('stop')
    await Promise.race([appExited, new Promise((r) => setTimeout(r, 30_000))])
    app.kill('SIGKILL')
  }
}

async function main(): Promise<void> {
  if (WRITER_RATE > COLLAB_DEFAULTS.messagesPerSecond)
    throw new Error(
      `BENCH_WRITER_RATE ${WRITER_RATE}/s is above the collab server's per-connection limit (${COLLAB_DEFAULTS.messagesPerSecond}/s): the writers would be refused`,
    )
  console.log(`bench:busy — ${machineLine()}`)
  const how =
    WRITER_KIND === 'raw'
      ? `raw websocket writers in ${WRITER_PROCS} process${WRITER_PROCS === 1 ? '' : 'es'}`
      : '@hocuspocus/provider writers in the bench process'
  console.log(
    `${WRITERS} writers × ${WRITER_RATE} msg/s into one channel for ${LOAD_S} s (asked ${fmt(WRITERS * WRITER_RATE)}/s; ${how}; ` +
      `rate limit ${COLLAB_DEFAULTS.messagesPerSecond}/s per connection, burst ${COLLAB_DEFAULTS.messageBurst}); ` +
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
    const r = results.at(-1)!
    console.log(`  ${engine}: done (load average ${loadAverage()})`)
    if (r.problems.length > 0)
      console.log(`  ${engine}: writers' problems: ${r.problems.slice(0, 10).join('; ')}`)
  }
  const ms = (x: number) => fmt(x, 0)
  console.log()
  console.log(
    table(
      [
        'engine',
        'load avg start → end',
        'offered msg/s',
        'acked msg/s (in window / to last ack)',
        'acked / offered; stored (missing)',
        'channel ack p50 / p99 ms',
        'health idle p50 / p99 / max ms',
        'health loaded p50 / p99 / max ms',
        'health failed',
        'CPU ms per acked msg: app (all threads / main thread), writers',
        'verdict',
      ],
      results.map((r) => {
        const met =
          r.loaded.p99 <= TARGET.healthP99 &&
          r.loaded.max <= TARGET.healthMax &&
          r.ackedPerS >= TARGET.ackedPerS[r.engine]
        const verdict =
          r.missing > 0
            ? 'WRONG: acknowledged posts not stored'
            : r.busy
              ? 'none: machine busy (load > 2), figures marked'
              : met
                ? 'target met'
                : 'target NOT met'
        return [
          r.engine,
          `${r.loadStart.split(' ')[0]} → ${r.loadEnd.split(' ')[0]}${r.busy ? ' (BUSY)' : ''}`,
          fmt(r.offeredPerS, 0),
          `${fmt(r.ackedPerS, 0)} / ${fmt(r.drainedPerS, 0)}`,
          `${fmt(r.acked)} / ${fmt(r.offered)}; ${fmt(r.rows)} (${fmt(r.missing)})`,
          `${ms(r.ack.p50)} / ${ms(r.ack.p99)}`,
          `${ms(r.idle.p50)} / ${ms(r.idle.p99)} / ${ms(r.idle.max)}`,
          `${ms(r.loaded.p50)} / ${ms(r.loaded.p99)} / ${ms(r.loaded.max)}`,
          `${r.idle.failed} / ${r.loaded.failed}`,
          `${fmt(r.cpu.cpuMs / r.acked, 2)} / ${fmt(r.cpu.mainMs / r.acked, 2)}, ${fmt(r.cpu.writersMs / r.acked, 2)}`,
          verdict,
        ]
      }),
    ),
  )
  console.log(
    `\nTarget under load: health p99 ≤ ${TARGET.healthP99} ms and max ≤ ${TARGET.healthMax} ms, acked ≥ ${TARGET.ackedPerS.pglite} msg/s (PGlite) / ${TARGET.ackedPerS.postgres} msg/s (Postgres), the rates when issue 21 was filed.`,
  )
}

// A provider reconnecting when the run ends: ws reports closing a socket that was still connecting.
process.on('uncaughtException', (error) => {
  if (error.message === 'WebSocket was closed before the connection was established') return
  throw error
})

const [mode, arg] = process.argv.slice(2)
if (mode === 'serve') await serve(WRITERS)
else if (mode === 'ping') await ping(arg!, PING_MS)
else await main()
