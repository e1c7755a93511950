import type { KyselyPlugin } from 'kysely'
import { createApi } from '../../api/app.ts'
import { SESSION_COOKIE } from '../../server/auth/sessions.ts'
import { assertLists } from './apiListRows.ts'
import { endpoints, picked, startApp, world } from './apiWorld.ts'
import { benchEngines } from './engines.ts'
import { fmt, loadAverage, machineLine, table } from './stats.ts'

/**
 * `npm run bench:api -- --cpu`: the CPU time one request costs the API process, measured
 * in-process: `app.request` (no socket) in a loop of BENCH_CALLS (3,000) sequential calls after
 * 300 to warm up, `process.cpuUsage()` around the loop. One call at a time, so other work on the
 * machine stretches the wall time but hardly the CPU time: the figure to compare before and after
 * a change when the machine is loaded. On PGlite the database runs in this process (its worker
 * thread), so its CPU is counted; on Postgres it is not (the server's own CPU is elsewhere).
 * It also counts the statements one request sends (a Kysely plugin that counts the results that
 * come back; counting what it compiles also counted every subquery built from `db`).
 */
export async function cpuPerRequest(): Promise<void> {
  const calls = Number(process.env.BENCH_CALLS ?? 3_000)
  const startLoad = loadAverage()
  console.log(`bench:api --cpu — ${calls} sequential in-process calls per endpoint; ${machineLine()}`)
  const only = process.env.BENCH_ENGINE
  const rows: string[][] = []
  for (const engine of benchEngines().filter((e) => !only || e === only)) {
    const t = await startApp(engine)
    let queries = 0
    // Counted where a result comes back: transformQuery also sees every subquery built from db.
    const counter: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        queries++
        return args.result
      },
    }
    const app = createApi({ ...t.deps, db: t.deps.db.withPlugin(counter) })
    try {
      const w = await world(t)
      await assertLists(t.app, endpoints(w))
      for (const [name, path, token] of endpoints(w)) {
        if (!picked(name)) continue
        const headers: Record<string, string> = token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}
        const call = async () => {
          const res = await app.request(`http://localhost:3000${path}`, { headers })
          if (res.status !== 200) throw new Error(`${engine} ${name}: status ${res.status}`)
          await res.arrayBuffer()
        }
        for (let i = 0; i < 300; i++) await call()
        queries = 0
        const cpu = process.cpuUsage()
        const wall = performance.now()
        for (let i = 0; i < calls; i++) await call()
        const used = process.cpuUsage(cpu)
        const wallMs = performance.now() - wall
        rows.push([
          engine,
          name,
          fmt((used.user + used.system) / calls),
          fmt((wallMs * 1000) / calls),
          fmt(calls / (wallMs / 1000)),
          fmt(queries / calls, 1),
        ])
      }
      console.log(`  ${engine}: done (load average ${loadAverage()})`)
    } finally {
      await t.close()
    }
  }
  console.log(
    `\n${table(['engine', 'endpoint', 'CPU µs/request', 'wall µs/request', 'sequential req/s', 'queries/request'], rows)}`,
  )
  console.log(`\nLoad average at the start: ${startLoad}; at the end: ${loadAverage()}.`)
}
