/**
 * npm run bench:api — the HTTP API over a real socket, against a plain `node:http` server that
 * answers a constant JSON, in the same run and on each engine (PGlite always, Postgres with
 * DATABASE_URL; BENCH_ENGINE=pglite|postgres runs one). For every endpoint: 32 keep-alive clients
 * (BENCH_CLIENTS) send GETs back to back for BENCH_SECONDS (5; `--short`: 2), after a warm-up; it
 * prints req/s, p50 / p95 / p99 and the ratio to the plain server. The plain server is measured
 * before the first endpoint and again after each one; an endpoint's ratio is to the mean of the
 * two plain runs either side of it (on this shared machine the plain rate moved 2× between one
 * minute and the next, session 14).
 * Targets (issue 19): /api/me ≥ 0.4× the plain server, a case list page ≥ 0.15×, every list p95
 * ≤ 50 ms at 32 clients. The load average is printed at the start and the end; above 2 (this is a
 * 2-core machine) the figures are printed but marked "under load, no verdict".
 * BENCH_WORLD=scaled: the same endpoints on the reports benchmark's scaled data (BENCH_COOPS
 * cooperatives of BENCH_APARTMENTS apartments, 500 × 100 by default), asked by a board member of
 * one cooperative and a property manager of the company running them all (bench/lib/apiWorld.ts).
 * Every list is checked to answer 200 with rows before it is loaded (bench/lib/apiListRows.ts).
 * `npm run bench:api -- --cpu`: CPU time per request in the API process instead (no socket, no
 * concurrency: a figure other work on the machine inflates far less), bench/lib/apiCpu.ts.
 * The column "server µs/req" is the main thread's CPU time per request answered (both servers run
 * on it, the clients in a worker): less disturbed by other work on the machine than req/s. On
 * PGlite the database's worker thread is not counted.
 * BENCH_PROFILE=<dir>: a V8 CPU profile of this process's main thread (the app; the clients run in
 * a worker) during each endpoint's load, `<dir>/<engine>-<endpoint>.cpuprofile`; read it with
 * `node bench/lib/profileSummary.ts <file>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { SESSION_COOKIE } from '../server/auth/sessions.ts'
import { cpuPerRequest } from './lib/apiCpu.ts'
import { assertLists } from './lib/apiListRows.ts'
import { endpoints, picked, startApp, WORLD, world } from './lib/apiWorld.ts'
import { benchEngines } from './lib/engines.ts'
import { type LoadResult, runLoad } from './lib/load.ts'
import { fmt, loadAverage, machineLine, table } from './lib/stats.ts'

const SHORT = process.argv.includes('--short')
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SHORT ? 2 : 5))
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32)

/** The plain server: what node:http alone does for a constant JSON on this machine right now. */
function plainServer(): Server {
  const body = JSON.stringify({ ok: true, db: 'none', dbMs: 0 })
  return createServer(
    counted((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    }),
  )
}

/**
 * Requests answered by either server, for the main thread's CPU per request: the servers share
 * the main thread, the clients run in a worker, so `process.threadCpuUsage()` around a load over
 * the requests served is what one request costs the server (warm-up included in both).
 */
let served = 0
function counted(listener: RequestListener): RequestListener {
  return (req, res) => {
    served++
    listener(req, res)
  }
}
async function withServerCpu(run: () => Promise<LoadResult>): Promise<LoadResult & { cpuUs: number }> {
  const [before, cpu] = [served, process.threadCpuUsage()]
  const r = await run()
  const used = process.threadCpuUsage(cpu)
  return { ...r, cpuUs: (used.user + used.system) / Math.max(1, served - before) }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const load = (url: string, token?: string): Promise<LoadResult> =>
  runLoad({
    url,
    clients: CLIENTS,
    seconds: SECONDS,
    headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {},
  })

const PROFILE_DIR = process.env.BENCH_PROFILE
/** Runs `load` under the inspector's CPU profiler when BENCH_PROFILE is set (the main thread only). */
async function profiled(file: string, run: () => Promise<LoadResult>): Promise<LoadResult> {
  if (!PROFILE_DIR) return run()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  try {
    return await run()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    mkdirSync(PROFILE_DIR, { recursive: true })
    writeFileSync(`${PROFILE_DIR}/${file.replace(/[^\w.-]+/g, '_')}.cpuprofile`, JSON.stringify(profile))
    session.disconnect()
  }
}

/** Everything but health and /api/me is a list the p95 target applies to. */
const LIST = {
  has: (name: string) => name !== '/api/health' && name !== '/api/me' && !name.startsWith('baseline'),
}
const TARGET: Record<string, number> = { '/api/me': 0.4, 'case list page': 0.15 }

// `--cpu`: CPU per request in-process instead (bench/lib/apiCpu.ts).
if (process.argv.includes('--cpu')) {
  await cpuPerRequest()
  process.exit(0)
}

const startLoad = loadAverage()
console.log(
  `bench:api — ${WORLD} world, ${CLIENTS} keep-alive clients, ${SECONDS} s per endpoint${SHORT ? ' (short)' : ''}; ${machineLine()}`,
)
const only = process.env.BENCH_ENGINE
const results: Array<{ engine: string; name: string; r: LoadResult & { cpuUs: number }; ratio: number }> = []
for (const engine of benchEngines().filter((e) => !only || e === only)) {
  const t = await startApp(engine)
  const plain = plainServer()
  const app = createServer(counted(getRequestListener(t.app.fetch)))
  try {
    const w = await world(t)
    await assertLists(t.app, endpoints(w))
    const [plainUrl, base] = [await listen(plain), await listen(app)]
    let plainRuns = 0
    const plainRun = async () => {
      const file = `${engine}-baseline-${++plainRuns}`
      const r = await withServerCpu(() => profiled(file, () => load(`${plainUrl}/`)))
      results.push({ engine, name: 'baseline: plain node:http', r, ratio: 1 })
      return r
    }
    let before = await plainRun()
    for (const [name, path, token] of endpoints(w)) {
      if (!picked(name)) continue
      const r = await withServerCpu(() => profiled(`${engine}-${name}`, () => load(`${base}${path}`, token)))
      if (r.badStatus !== null) throw new Error(`${engine} ${name}: status ${r.badStatus}`)
      const after = await plainRun()
      results.splice(results.length - 1, 0, {
        engine,
        name,
        r,
        ratio: r.perSecond / ((before.perSecond + after.perSecond) / 2),
      })
      before = after
    }
    console.log(`  ${engine}: done (load average ${loadAverage()})`)
  } finally {
    plain.close()
    app.closeAllConnections()
    app.close()
    await t.close()
  }
}
const endLoad = loadAverage()
const loaded = Math.max(Number(startLoad.split(' ')[0]), Number(endLoad.split(' ')[0])) > 2
const verdict = (ok: boolean) => (loaded ? '(under load)' : ok ? '✓' : '✗')
console.log(
  `\n${table(
    ['engine', 'endpoint', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '× plain', 'server µs/req', 'target'],
    results.map(({ engine, name, r, ratio }) => {
      const checks: string[] = []
      const min = TARGET[name]
      if (min !== undefined) checks.push(`≥ ${min}× ${verdict(ratio >= min)}`)
      if (LIST.has(name)) checks.push(`p95 ≤ 50 ${verdict(r.latency.p95 <= 50)}`)
      return [
        engine,
        name,
        fmt(r.perSecond),
        fmt(r.latency.p50, 1),
        fmt(r.latency.p95, 1),
        fmt(r.latency.p99, 1),
        name.startsWith('baseline') ? '1' : fmt(ratio, 3),
        fmt(r.cpuUs),
        checks.join(', '),
      ]
    }),
  )}`,
)
console.log(`\nLoad average at the start: ${startLoad}; at the end: ${endLoad}.`)
if (loaded) console.log('Load above 2 on this machine: figures under load, no verdict.')
process.exit(0)
