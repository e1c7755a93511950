/**
 * node bench/apiCpuSplit.ts — CPU per request of the `bench:api` endpoints split between the API
 * process and the Postgres server processes that serve it (Postgres only: DATABASE_URL, the
 * server on this machine). Sequential in-process calls (`app.request`, no socket, one at a time)
 * as `bench:api -- --cpu`; the server's share is read from /proc for the backends connected to
 * this database (pg_stat_activity), so other databases' work on the shared server is not counted.
 * BENCH_ENDPOINTS picks the endpoints, BENCH_CALLS the calls (1,000). A tool for seeing which side
 * a list's time is on before cutting it, not a benchmark of throughput.
 */
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { SESSION_COOKIE } from '../server/auth/sessions.ts'
import { endpoints, picked, startApp, world } from './lib/apiWorld.ts'
import { fmt, loadAverage, machineLine, table } from './lib/stats.ts'

const calls = Number(process.env.BENCH_CALLS ?? 1_000)
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL: the Postgres server on this machine')
console.log(`CPU split, ${calls} sequential calls per endpoint; ${machineLine()}`)

const TICK_US = 10_000 // USER_HZ = 100 on Linux
/** utime + stime of the backends of this database, in µs. */
async function serverCpu(db: BenchDb): Promise<number> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db)
  let ticks = 0
  for (const { pid } of rows) {
    try {
      // Fields after the command name's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(f[11]) + Number(f[12])
    } catch {
      // A backend that ended between the two reads.
    }
  }
  return ticks * TICK_US
}
type BenchDb = Awaited<ReturnType<typeof startApp>>['deps']['db']

const t = await startApp('postgres')
const rows: string[][] = []
try {
  const w = await world(t)
  for (const [name, path, token] of endpoints(w)) {
    if (!picked(name)) continue
    const headers: Record<string, string> = token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}
    const call = async () => {
      const res = await t.app.request(`http://localhost:3000${path}`, { headers })
      if (res.status !== 200) throw new Error(`${name}: status ${res.status}`)
      return (await res.arrayBuffer()).byteLength
    }
    for (let i = 0; i < 200; i++) await call()
    const server = await serverCpu(t.deps.db)
    const cpu = process.cpuUsage()
    const wall = performance.now()
    let bytes = 0
    for (let i = 0; i < calls; i++) bytes = await call()
    const used = process.cpuUsage(cpu)
    const wallMs = performance.now() - wall
    const serverUs = (await serverCpu(t.deps.db)) - server
    rows.push([
      name,
      fmt((used.user + used.system) / calls / 1000, 2),
      fmt(serverUs / calls / 1000, 2),
      fmt(wallMs / calls, 2),
      String(bytes),
    ])
  }
} finally {
  await t.close()
}
console.log(`\n${table(['endpoint', 'API ms/req', 'Postgres ms/req', 'wall ms/req', 'bytes'], rows)}`)
console.log(`\nload average at the end: ${loadAverage()}`)
