/**
 * npm run bench:reports — every report through the real HTTP app (app.request, no network) on
 * scaled data: BENCH_COOPS cooperatives (default 500) of BENCH_APARTMENTS apartments each
 * (default 100: 50,000 apartments), with a year of monthly invoices per apartment, budgets and
 * actuals, 30 cases per cooperative with their status history, bookings, delegated tasks, and an
 * investor portfolio holding 10 apartments in each of 50 cooperatives with rents and loan shares;
 * for report 10 a board of 20 tasks per cooperative and a water meter per apartment with monthly
 * readings since January of last year (50,000 meters, ~1.2 M readings at full size).
 * Data is generated in SQL (generate_series), so the full size takes minutes, not hours; the
 * generator is bench/lib/scaledWorld.ts, shared with `bench:api`'s scaled mode.
 * Prints p50 / p95 of BENCH_RUNS calls per report (default 30) against a baseline in the same run
 * (the authenticated report catalogue, one small query), each against the target (issue 15:
 * every report p95 ≤ 200 ms), and the load average before and after. On PGlite by default;
 * DATABASE_URL for Postgres.
 */
import { loadavg } from 'node:os'
import { startTestApp } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import type { Engine } from '../server/db/connect.ts'
import { member } from '../server/test/factories.ts'
import { SCALED_APARTMENTS, SCALED_COOPS, scaledWorld } from './lib/scaledWorld.ts'

const COOPS = SCALED_COOPS
const PER = SCALED_APARTMENTS
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const TARGET_MS = 200
const engine: Engine = process.env.DATABASE_URL ? 'postgres' : 'pglite'

const t = await startTestApp(engine)
const db = t.deps.db
const started = Date.now()
const { coopIds, portfolio } = await scaledWorld(db, COOPS, PER)
const setupSeconds = (Date.now() - started) / 1000

const board = await member(db, coopIds[1]!, 'board_member')
const investor = await member(db, portfolio.id, 'investor')
const calls: [string, string, string][] = [
  ['baseline: catalogue', board.token, `/api/reports/${coopIds[1]}`],
  ['1 buildings', board.token, `/api/reports/${coopIds[1]}/buildings`],
  ['2 balance', board.token, `/api/reports/${coopIds[1]}/balance`],
  ['3 billing', board.token, `/api/reports/${coopIds[1]}/billing`],
  ['4 progress', board.token, `/api/reports/${coopIds[1]}/progress`],
  ['5 economics', board.token, `/api/reports/${coopIds[1]}/economics`],
  ['6 portfolio', investor.token, `/api/reports/${portfolio.id}/portfolio`],
  ['7 performance', investor.token, `/api/reports/${portfolio.id}/performance`],
  ['8 risks', investor.token, `/api/reports/${portfolio.id}/risks`],
  ['9 operations', investor.token, `/api/reports/${portfolio.id}/operations`],
  ['10 service', board.token, `/api/reports/${coopIds[1]}/service`],
  ['3 billing CSV export', board.token, `/api/reports/${coopIds[1]}/billing/export?format=csv`],
]
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
console.log(
  `engine ${engine}; ${COOPS} cooperatives × ${PER} apartments = ${COOPS * PER} apartments; setup ${setupSeconds.toFixed(1)} s`,
)
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log(`target (issue 15): every report p95 <= ${TARGET_MS} ms at 500 cooperatives, 50,000 apartments`)
console.log('report                       p50 ms   p95 ms   target')
for (const [name, token, path] of calls) {
  const c = client(t.app, token)
  const times: number[] = []
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now()
    const res = await c.get(path)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    if (i >= 3) times.push(performance.now() - t0)
  }
  console.log(
    `${name.padEnd(28)} ${pct(times, 0.5).toFixed(1).padStart(6)}   ${pct(times, 0.95).toFixed(1).padStart(6)}   ${
      name.startsWith('baseline') ? '(baseline)' : pct(times, 0.95) <= TARGET_MS ? 'met' : 'MISSED'
    }`,
  )
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
await t.close()
process.exit(0)
