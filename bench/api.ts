/**
 * npm run bench:api — the HTTP API over a real socket, against a plain `node:http` server that
 * answers a constant JSON, in the same run and on each engine (PGlite always, Postgres with
 * DATABASE_URL; BENCH_ENGINE=pglite|postgres runs one). For every endpoint: 32 keep-alive clients
 * (BENCH_CLIENTS) send GETs back to back for BENCH_SECONDS (5; `--short`: 2), after a warm-up; it
 * prints req/s, p50 / p95 / p99 and the ratio to the plain server.
 * Targets (issue 19): /api/me ≥ 0.4× the plain server, a case list page ≥ 0.15×, every list p95
 * ≤ 50 ms at 32 clients. The load average is printed at the start and the end; above 2 (this is a
 * 2-core machine) the figures are printed but marked "under load, no verdict".
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { sql } from 'kysely'
import { createApi } from '../api/app.ts'
import { createResource } from '../api/bookings/testWorld.ts'
import type { AppDeps } from '../api/http/context.ts'
import { createSessionCache } from '../api/http/sessionCache.ts'
import { client } from '../api/test/http.ts'
import { loadConfig } from '../schema/config.ts'
import { SESSION_COOKIE } from '../server/auth/sessions.ts'
import { connectDatabase, type Engine } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { managedCooperative, member } from '../server/test/factories.ts'
import { benchEngines } from './lib/engines.ts'
import { type LoadResult, runLoad } from './lib/load.ts'
import { fmt, loadAverage, machineLine, table } from './lib/stats.ts'

const SHORT = process.argv.includes('--short')
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SHORT ? 2 : 5))
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32)
const CASES = 500
const MESSAGES = 2_000

/** One cooperative with cases, an archived chat thread, a bookable sauna and a year of invoices. */
async function world(t: BenchApp) {
  const db = t.deps.db
  const place = await managedCooperative(db)
  const orgId = place.coop.id
  const board = await member(db, orgId, 'board_member')
  const manager = await member(db, orgId, 'property_manager')
  await sql`
    INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
    SELECT ${orgId}::uuid, n, ${board.id}::uuid, 'Vuotava hana ' || n, 'other',
      CASE WHEN n % 3 = 0 THEN 'new' ELSE 'in_progress' END, now() - n * interval '1 hour', now()
    FROM generate_series(1, ${CASES}::int) AS n`.execute(db)
  const thread = await db
    .insertInto('threads')
    .values({ org_id: orgId, title: 'Pihapiiri', audience: 'members', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`
    INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq, archived_at)
    SELECT ${orgId}::uuid, ${thread.id}::uuid, gen_random_uuid(), ${board.id}::uuid,
      'Pyykkituvan kuivausrumpu pitää taas outoa ääntä ' || n, now() - (${MESSAGES}::int - n) * interval '1 minute',
      n, now()
    FROM generate_series(1, ${MESSAGES}::int) AS n`.execute(db)
  const staff = client(t.app, manager.token)
  const category = await (
    await staff.post(`/api/bookings/orgs/${orgId}/categories`, { name: 'Sauna' })
  ).json()
  const resource = await createResource({
    ...place,
    orgId,
    manager,
    staff,
    categoryId: category.category.id as string,
  })
  const year = new Date().getFullYear()
  await sql`
    INSERT INTO finance_invoices (org_id, apartment_id, kind, period, amount_cents, issued_on, due_date, reference, iban, paid_cents)
    SELECT ${orgId}::uuid, ${place.apartmentId}::uuid, 'maintenance', make_date(${year}::int, m, 1), 25000,
      make_date(${year}::int, m, 1), make_date(${year}::int, m, 1) + 14,
      (2000000000 + m)::text, 'FI2112345600000785', 25000
    FROM generate_series(1, 12) AS m`.execute(db)
  await sql`ANALYZE`.execute(db)
  return { orgId, board, threadId: thread.id, resourceId: resource.id }
}

/**
 * The app as the API process composes it (api/httpServer.ts): PGlite in its worker thread, or
 * postgres.js, and the session cache (BENCH_SESSION_CACHE=0 leaves it out, to compare); a fresh in-memory PGlite per run, the DATABASE_URL database for Postgres.
 */
async function startApp(engine: Engine) {
  const connected = await connectDatabase(
    engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
  )
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
  const deps: AppDeps = {
    config,
    db: connected.db,
    engine: connected.engine,
    mailer: createMailer(undefined),
    // As api/httpServer.ts: sessions and principals cached, forgotten on access changes.
    sessionCache: process.env.BENCH_SESSION_CACHE === '0' ? undefined : createSessionCache(),
    onAccessChanged: () => {},
  }
  return { deps, app: createApi(deps), close: connected.close }
}
type BenchApp = Awaited<ReturnType<typeof startApp>>

/** The plain server: what node:http alone does for a constant JSON on this machine right now. */
function plainServer(): Server {
  const body = JSON.stringify({ ok: true, db: 'none', dbMs: 0 })
  return createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
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

const LIST = new Set(['case list page', 'thread archive page', 'search', 'booking week', 'report: balance'])
const TARGET: Record<string, number> = { '/api/me': 0.4, 'case list page': 0.15 }

const startLoad = loadAverage()
console.log(
  `bench:api — ${CLIENTS} keep-alive clients, ${SECONDS} s per endpoint${SHORT ? ' (short)' : ''}; ${machineLine()}`,
)
const only = process.env.BENCH_ENGINE
const results: Array<{ engine: string; name: string; r: LoadResult; ratio: number }> = []
for (const engine of benchEngines().filter((e) => !only || e === only)) {
  const t = await startApp(engine)
  const plain = plainServer()
  const app = createServer(getRequestListener(t.app.fetch))
  try {
    const w = await world(t)
    const [plainUrl, base] = [await listen(plain), await listen(app)]
    const baseline = await load(`${plainUrl}/`)
    results.push({ engine, name: 'baseline: plain node:http', r: baseline, ratio: 1 })
    const monday = new Date()
    monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7))
    const week = monday.toISOString().slice(0, 10)
    const endpoints: Array<[string, string, string | undefined]> = [
      ['/api/health', '/api/health', undefined],
      ['/api/me', '/api/me', w.board.token],
      ['case list page', `/api/cases?org=${w.orgId}`, w.board.token],
      ['thread archive page', `/api/threads/${w.threadId}/archive?limit=50`, w.board.token],
      ['search', `/api/search?q=${encodeURIComponent('kuivausrumpu')}&org=${w.orgId}`, w.board.token],
      [
        'booking week',
        `/api/bookings/orgs/${w.orgId}/resources/${w.resourceId}/availability?week=${week}`,
        w.board.token,
      ],
      ['report: balance', `/api/reports/${w.orgId}/balance`, w.board.token],
    ]
    // BENCH_ENDPOINTS=me,case runs only the endpoints whose name contains one of the words.
    const pick = process.env.BENCH_ENDPOINTS?.split(',')
    for (const [name, path, token] of endpoints) {
      if (pick && !pick.some((word) => name.includes(word))) continue
      const r = await load(`${base}${path}`, token)
      if (r.badStatus !== null) throw new Error(`${engine} ${name}: status ${r.badStatus}`)
      results.push({ engine, name, r, ratio: r.perSecond / baseline.perSecond })
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
    ['engine', 'endpoint', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '× plain', 'target'],
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
        checks.join(', '),
      ]
    }),
  )}`,
)
console.log(`\nLoad average at the start: ${startLoad}; at the end: ${endLoad}.`)
if (loaded) console.log('Load above 2 on this machine: figures under load, no verdict.')
process.exit(0)
