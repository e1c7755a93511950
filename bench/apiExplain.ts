/**
 * node bench/apiExplain.ts — every query one request of each `bench:api` endpoint sends, with its
 * EXPLAIN ANALYZE plan, on the bench's data (bench/lib/apiWorld.ts); PGlite, and Postgres with
 * DATABASE_URL (BENCH_ENGINE picks one, BENCH_ENDPOINTS=case,search the endpoints). A tool for
 * finding N+1 queries (the count per request is printed first) and plans that scan what an index
 * would find (BENCH_GENERIC=1: also the generic plan, below); not a benchmark: the timings are single runs (the second of two, caches warm).
 */
import { CompiledQuery, type KyselyPlugin } from 'kysely'
import { createApi } from '../api/app.ts'
import { SESSION_COOKIE } from '../server/auth/sessions.ts'
import { type BenchApp, endpoints, picked, startApp, world } from './lib/apiWorld.ts'
import { benchEngines } from './lib/engines.ts'
import { machineLine } from './lib/stats.ts'

console.log(`bench:api plans; ${machineLine()}`)
const only = process.env.BENCH_ENGINE
for (const engine of benchEngines().filter((e) => !only || e === only)) {
  const t = await startApp(engine)
  const db = t.deps.db
  let seen: CompiledQuery[] | undefined
  // A statement is taken when its result comes back: transformQuery also sees every subquery
  // built from `db` (each builder runs the plugins), which are not statements of their own.
  // Builders derived from one another share a query id: what was compiled under an id is kept in
  // order and taken in order.
  const compiled = new Map<string, CompiledQuery[]>()
  const capture: KyselyPlugin = {
    transformQuery: (args) => {
      if (!seen) return args.node
      const q = db.getExecutor().compileQuery(args.node, args.queryId)
      compiled.set(args.queryId.queryId, [...(compiled.get(args.queryId.queryId) ?? []), q])
      return args.node
    },
    transformResult: async (args) => {
      const q = compiled.get(args.queryId.queryId)?.shift()
      if (seen && q) seen.push(q)
      return args.result
    },
  }
  const app = createApi({ ...t.deps, db: db.withPlugin(capture) })
  try {
    const w = await world(t)
    for (const [name, path, token] of endpoints(w)) {
      if (!picked(name)) continue
      const headers: Record<string, string> = token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}
      await app.request(`http://localhost:3000${path}`, { headers })
      seen = []
      compiled.clear()
      const res = await app.request(`http://localhost:3000${path}`, { headers })
      const queries = seen
      seen = undefined
      console.log(
        `\n══ ${engine}: ${name} (status ${res.status}): ${queries.length} queries, warm session ══`,
      )
      for (const [i, q] of queries.entries()) {
        console.log(`\n── ${i + 1}. ${q.sql.replace(/\s+/g, ' ').slice(0, 400)}`)
        if (!/^\s*(select|with)\b/i.test(q.sql)) continue
        const explain = CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [...q.parameters])
        await db.executeQuery(explain)
        const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(explain)
        for (const row of plan.rows) console.log(`   ${row['QUERY PLAN'].slice(0, 200)}`)
        if (process.env.BENCH_GENERIC && engine === 'postgres') await genericPlan(db, q)
      }
    }
  } finally {
    await t.close()
  }
}
console.log(`\nload average after: ${machineLine()}`)

/**
 * BENCH_GENERIC=1: also the generic plan of each statement (what a prepared statement runs once
 * Postgres stops planning it per execution: postgres.js prepares every statement), with the costs
 * beside the custom plan's, to see why a statement is planned anew on every request (its generic
 * plan estimated dearer than the custom ones). Postgres only.
 */
async function genericPlan(db: BenchApp['deps']['db'], q: CompiledQuery) {
  await db.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('SET plan_cache_mode = force_generic_plan'))
    await conn.executeQuery(CompiledQuery.raw(`PREPARE bench_generic AS ${q.sql}`))
    // EXECUTE's arguments as literals: as parameters of their own they would have no type.
    const literal = (v: unknown) =>
      v === null ? 'NULL' : `'${(v instanceof Date ? v.toISOString() : String(v)).replaceAll("'", "''")}'`
    const args = q.parameters.map(literal).join(', ')
    const plan = await conn.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`EXPLAIN EXECUTE bench_generic${args ? `(${args})` : ''}`),
    )
    console.log('   generic plan:')
    for (const row of plan.rows.slice(0, 40)) console.log(`     ${row['QUERY PLAN'].slice(0, 200)}`)
    await conn.executeQuery(CompiledQuery.raw('DEALLOCATE bench_generic'))
    await conn.executeQuery(CompiledQuery.raw('RESET plan_cache_mode'))
  })
}
