/**
 * node bench/workQueueExplain.ts — EXPLAIN ANALYZE of the work queue's two queries (the counts
 * aggregate and the first page of items, api/workqueue/queue.ts) on the benchmark data
 * (bench/lib/workQueueWorld.ts), on PGlite and, with DATABASE_URL, on Postgres. Prints each plan
 * with its execution time, for the bucket in BENCH_BUCKET (all by default). A tool for looking at
 * plans, not a benchmark: the timings are single runs (the second of two, so caches are warm).
 */

import { CompiledQuery } from 'kysely'
import { startTestApp } from '../api/test/harness.ts'
import { handledOrgs, queueQueries } from '../api/workqueue/queue.ts'
import { WorkQueueQuery } from '../schema/api/workQueue.ts'
import { loadPrincipal } from '../server/access/principal.ts'
import { benchEngines } from './lib/engines.ts'
import { machineLine } from './lib/stats.ts'
import { CASES, COOPS, workQueueWorld } from './lib/workQueueWorld.ts'

console.log(`work queue plans: ${COOPS} cooperatives, ${CASES} open cases; ${machineLine()}`)
for (const engine of benchEngines()) {
  const t = await startTestApp(engine)
  try {
    const w = await workQueueWorld(t)
    const db = t.deps.db
    const principal = await loadPrincipal(db, { userId: w.managerId, mfaVerified: true })
    const orgs = await handledOrgs(db, principal)
    const q = WorkQueueQuery.parse({ bucket: process.env.BENCH_BUCKET ?? 'all' })
    const { counts, items } = queueQueries(db, principal, q, orgs)
    for (const [name, query] of Object.entries({ counts, items })) {
      const compiled = query.compile()
      const explain = CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [
        ...compiled.parameters,
      ])
      await db.executeQuery(explain)
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(explain)
      console.log(`\n── ${engine}: ${name} ──`)
      // Lines cut at 200 characters: the org id lists would fill the screen.
      for (const row of plan.rows) console.log(row['QUERY PLAN'].slice(0, 200))
    }
  } finally {
    await t.close()
  }
}
console.log(`\nload average after: ${machineLine()}`)
