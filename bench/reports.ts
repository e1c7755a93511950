/**
 * npm run bench:reports — every report through the real HTTP app (app.request, no network) on
 * scaled data: BENCH_COOPS cooperatives (default 500) of BENCH_APARTMENTS apartments each
 * (default 100: 50,000 apartments), with a year of monthly invoices per apartment, budgets and
 * actuals, 30 cases per cooperative with their status history, bookings, delegated tasks, and an
 * investor portfolio holding 10 apartments in each of 50 cooperatives with rents and loan shares;
 * for report 10 a board of 20 tasks per cooperative and a water meter per apartment with monthly
 * readings since January of last year (50,000 meters, ~1.2 M readings at full size).
 * Data is generated in SQL (generate_series), so the full size takes minutes, not hours.
 * Prints p50 / p95 of BENCH_RUNS calls per report (default 30) against a baseline in the same run
 * (the authenticated report catalogue, one small query), each against the target (issue 15:
 * every report p95 ≤ 200 ms), and the load average before and after. On PGlite by default;
 * DATABASE_URL for Postgres.
 */
import { loadavg } from 'node:os'
import { sql } from 'kysely'
import { startTestApp } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import type { Engine } from '../server/db/connect.ts'
import { createOrg, member } from '../server/test/factories.ts'

const COOPS = Number(process.env.BENCH_COOPS ?? 500)
const PER = Number(process.env.BENCH_APARTMENTS ?? 100)
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const HELD_COOPS = Math.min(50, COOPS)
const TARGET_MS = 200
const engine: Engine = process.env.DATABASE_URL ? 'postgres' : 'pglite'

const t = await startTestApp(engine)
const db = t.deps.db
const started = Date.now()
const year = new Date().getFullYear()
const mgmt = await createOrg(db, { kind: 'management_company' })
const coopIds: string[] = []
for (let i = 0; i < COOPS; i++) coopIds.push((await createOrg(db, { managedBy: mgmt.id })).id)
const ids = sql.join(coopIds.map((id) => sql`${id}::uuid`))
await sql`INSERT INTO buildings (org_id, name, address) SELECT id, b, '' FROM unnest(ARRAY[${ids}]) AS id, unnest(ARRAY['A','B']) AS b`.execute(
  db,
)
await sql`
  INSERT INTO apartments (org_id, building_id, number, area_m2, share_count)
  SELECT b.org_id, b.id, b.name || ' ' || n, 30 + (n % 60), 300 + (n % 60) * 10
  FROM buildings b, generate_series(1, ${Math.ceil(PER / 2)}::int) AS n WHERE b.org_id IN (${ids})`.execute(
  db,
)
await sql`
  INSERT INTO finance_invoices (org_id, apartment_id, kind, period, amount_cents, issued_on, due_date, reference, iban, paid_cents)
  SELECT a.org_id, a.id, 'maintenance', make_date(${year}::int, m, 1), 25000 + (a.share_count * 10),
    make_date(${year}::int, m, 1), make_date(${year}::int, m, 1) + 14,
    (1000000000 + row_number() OVER ())::text, 'FI2112345600000785',
    CASE WHEN random() < 0.9 THEN 25000 + (a.share_count * 10) ELSE 0 END
  FROM apartments a, generate_series(1, 12) AS m WHERE a.org_id IN (${ids})`.execute(db)
await sql`
  INSERT INTO finance_budgets (org_id, external_id, fiscal_year, category, amount_cents)
  SELECT id, 'B-' || c, ${year}::int, c, 1000000 FROM unnest(ARRAY[${ids}]) AS id,
    unnest(ARRAY['heating','water','repairs','cleaning']) AS c`.execute(db)
await sql`
  INSERT INTO finance_actuals (org_id, external_id, fiscal_year, month, category, amount_cents)
  SELECT id, 'A-' || y || '-' || m || '-' || c, y, m, c, 80000 FROM unnest(ARRAY[${ids}]) AS id,
    unnest(ARRAY['heating','water','repairs','cleaning']) AS c, generate_series(1, 12) AS m,
    generate_series(${year - 1}::int, ${year}::int) AS y`.execute(db)
const reporter = await member(db, coopIds[0]!, 'board_member')
await sql`
  INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
  SELECT id, n, ${reporter.id}, 'Case ' || n, 'other', CASE WHEN n % 3 = 0 THEN 'new' ELSE 'resolved' END,
    make_date(${year}::int, 1 + n % 11, 1 + n % 27), now()
  FROM unnest(ARRAY[${ids}]) AS id, generate_series(1, 30) AS n`.execute(db)
await sql`
  INSERT INTO case_status_history (org_id, case_id, seq, status, changed_at)
  SELECT org_id, id, 1, 'resolved', created_at + interval '3 days' FROM cases WHERE org_id IN (${ids}) AND status = 'resolved'`.execute(
  db,
)
// Report 10: a board with 20 tasks per cooperative (half done), cases placed in building A, and a
// cold-water meter per apartment read on the 15th of every month since January of last year.
await sql`UPDATE cases c SET building_id = b.id FROM buildings b
  WHERE b.org_id = c.org_id AND b.name = 'A' AND c.org_id IN (${ids})`.execute(db)
await sql`INSERT INTO boards (org_id, title) SELECT id, 'Huolto' FROM unnest(ARRAY[${ids}]) AS id`.execute(db)
await sql`
  INSERT INTO tasks (org_id, board_id, card_id, title, progress, updated_at)
  SELECT b.org_id, b.id, gen_random_uuid(), 'Task ' || n, CASE WHEN n % 2 = 0 THEN 100 ELSE 0 END,
    make_date(${year}::int, 1 + n % 11, 1 + n % 27)
  FROM boards b, generate_series(1, 20) AS n WHERE b.org_id IN (${ids})`.execute(db)
await sql`
  INSERT INTO meters (org_id, building_id, apartment_id, kind, serial, unit)
  SELECT org_id, building_id, id, 'cold_water', 'W-' || id, 'm3' FROM apartments WHERE org_id IN (${ids})`.execute(
  db,
)
await sql`
  INSERT INTO meter_readings (org_id, meter_id, value, read_on, status, source)
  SELECT m.org_id, m.id, k * 3.5, make_date(${year - 1}::int, 1, 15) + make_interval(months => k), 'accepted', 'import'
  FROM meters m, generate_series(0, 11 + ${new Date().getMonth() + 1}::int - 1) AS k
  WHERE m.org_id IN (${ids})`.execute(db)
const portfolio = await createOrg(db, { kind: 'investor_portfolio' })
const held = coopIds.slice(0, HELD_COOPS)
const heldIds = sql.join(held.map((id) => sql`${id}::uuid`))
await sql`INSERT INTO portfolio_holdings (org_id, cooperative_id) SELECT ${portfolio.id}, id FROM unnest(ARRAY[${heldIds}]) AS id`.execute(
  db,
)
await sql`
  INSERT INTO portfolio_apartments (org_id, cooperative_id, apartment_id, price_cents)
  SELECT ${portfolio.id}, org_id, id, 20000000 FROM (
    SELECT a.org_id, a.id, row_number() OVER (PARTITION BY a.org_id ORDER BY a.number) AS k
    FROM apartments a WHERE a.org_id IN (${heldIds})) x WHERE k <= 10`.execute(db)
await sql`
  INSERT INTO portfolio_rents (org_id, apartment_id, external_id, month, amount_cents)
  SELECT ${portfolio.id}, pa.apartment_id, pa.apartment_id || '-' || m, make_date(${year}::int, m, 1), 90000
  FROM portfolio_apartments pa, generate_series(1, 12) AS m WHERE pa.org_id = ${portfolio.id}`.execute(db)
await sql`
  INSERT INTO finance_loan_shares (org_id, apartment_id, external_id, loan_name, original_cents, remaining_cents)
  SELECT cooperative_id, apartment_id, 'L-' || apartment_id, 'Loan', 5000000, 4000000
  FROM portfolio_apartments WHERE org_id = ${portfolio.id}`.execute(db)
await sql`ANALYZE`.execute(db)
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
