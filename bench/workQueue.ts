/**
 * npm run bench:workqueue — the staff work queue (api/workqueue) through the real HTTP app
 * (app.request, no network) on PGlite and, with DATABASE_URL, on Postgres: a property manager
 * whose company runs BENCH_COOPS cooperatives (50) holding BENCH_CASES open cases (20,000) plus
 * a fifth as many closed ones, a third of the open ones with a message from the reporter (unread
 * for the manager) and some read again. Measured: GET /api/work-queue (all buckets counted, the
 * first 200 items) and ?bucket=unread, p50/p95 of BENCH_RUNS calls after 10 warm-up calls.
 * Baseline in the same run: GET /api/health (the same stack; its database ping is cached, at most
 * one a second: api/health/probe.ts).
 * Target (issue 17): p95 ≤ 100 ms at 50 cooperatives / 20,000 open cases.
 */

import { startTestApp, type TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, machineLine, summarise, table } from './lib/stats.ts'
import { CASES, COOPS, workQueueWorld } from './lib/workQueueWorld.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 100)

async function measure(t: TestContext, token: string, path: string) {
  const c = client(t.app, token)
  const samples: number[] = []
  for (let i = 0; i < RUNS + 10; i++) {
    const began = performance.now()
    const res = await c.get(path)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    if (i >= 10) samples.push(performance.now() - began)
  }
  return summarise(samples)
}

console.log(
  `work queue: ${COOPS} cooperatives, ${fmt(CASES)} open cases, ${RUNS} calls each; ${machineLine()}`,
)
const rows: string[][] = []
for (const engine of benchEngines()) {
  const t = await startTestApp(engine)
  try {
    const w = await workQueueWorld(t)
    for (const [name, path] of [
      ['baseline GET /api/health', '/api/health'],
      ['GET /api/work-queue', '/api/work-queue'],
      ['GET /api/work-queue?bucket=unread', '/api/work-queue?bucket=unread'],
      ['GET /api/work-queue?bucket=mine', '/api/work-queue?bucket=mine'],
    ] as const) {
      const s = await measure(t, w.token, path)
      rows.push([engine, name, fmt(s.p50, 1), fmt(s.p95, 1), fmt(s.max, 1)])
    }
  } finally {
    await t.close()
  }
}
console.log(table(['engine', 'call', 'p50 ms', 'p95 ms', 'max ms'], rows))
console.log(`load average after: ${machineLine()}`)
