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

import { sql } from 'kysely'
import { startTestApp, type TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { addMembership, createOrg, createUser, member } from '../server/test/factories.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, machineLine, summarise, table } from './lib/stats.ts'

const COOPS = Number(process.env.BENCH_COOPS ?? 50)
const CASES = Number(process.env.BENCH_CASES ?? 20_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const STATUSES = ['new', 'in_progress', 'waiting'] as const
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const

async function world(t: TestContext) {
  const db = t.deps.db
  const mgmt = await createOrg(db, { kind: 'management_company' })
  const manager = await member(db, mgmt.id, 'property_manager')
  const reporter = await createUser(db)
  const coops: string[] = []
  for (let i = 0; i < COOPS; i++) {
    const coop = await createOrg(db, { managedBy: mgmt.id, name: `As Oy Bench ${i}` })
    await addMembership(db, coop.id, reporter.id, 'resident')
    coops.push(coop.id)
  }
  const total = CASES + Math.floor(CASES / 5)
  const started = performance.now()
  for (let from = 0; from < total; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, total - from) }, (_, k) => {
      const i = from + k
      const open = i < CASES
      return {
        org_id: coops[i % COOPS]!,
        number: i + 1,
        reporter_id: reporter.id,
        title: `Bench case ${i}`,
        category: 'other',
        status: open ? STATUSES[i % 3]! : ('closed' as const),
        priority: PRIORITIES[i % 4]!,
        assignee_id: i % 5 === 0 ? null : i % 5 === 1 ? manager.id : reporter.id,
        due_date: i % 7 === 0 ? '2020-01-01' : i % 7 === 1 ? '2099-01-01' : null,
        building_id: null,
        staircase_id: null,
        apartment_id: null,
        client_key: null,
      }
    })
    const cases = await db.insertInto('cases').values(rows).returning(['id', 'org_id']).execute()
    const talked = cases.filter((_, k) => (from + k) % 3 === 0 && from + k < CASES)
    if (talked.length === 0) continue
    const threads = await db
      .insertInto('threads')
      .values(
        talked.map((c) => ({
          org_id: c.org_id,
          kind: 'case' as const,
          title: 'Case',
          case_id: c.id,
          layer: 'case' as const,
          created_by: reporter.id,
        })),
      )
      .returning(['id', 'org_id'])
      .execute()
    await db
      .insertInto('messages')
      .values(
        threads.map((th) => ({
          org_id: th.org_id,
          thread_id: th.id,
          id: crypto.randomUUID(),
          author_id: reporter.id,
          text: 'Any news?',
          created_at: new Date(Date.now() - 3_600_000),
          edited_at: null,
          seq: 1,
          hidden_reason: null,
          hidden_by: null,
          archived_at: null,
        })),
      )
      .execute()
    // Every other thread read by the manager since.
    await db
      .insertInto('thread_reads')
      .values(
        threads
          .filter((_, k) => k % 2 === 0)
          .map((th) => ({ user_id: manager.id, thread_id: th.id, read_at: new Date() })),
      )
      .execute()
  }
  await sql`ANALYZE`.execute(db)
  return { token: manager.token, seedMs: performance.now() - started }
}

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
    const w = await world(t)
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
