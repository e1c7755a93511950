/**
 * npm run bench:bookings — races on one slot and throughput of non-conflicting bookings, through
 * the real HTTP app (app.request, no network) on PGlite and, with DATABASE_URL, on Postgres.
 * Prints a table; asserts the one invariant that matters: exactly one winner per race.
 * Baseline (same run, same engine): distinct slots booked one request at a time; the last column
 * is each row's requests (race) or bookings (distinct) per second divided by the baseline's.
 */

import { bookingWorld, createResource, helsinki, plusMinutes, resident } from '../api/bookings/testWorld.ts'
import { startTestApp, type TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import type { Engine } from '../server/db/connect.ts'

interface Row {
  engine: Engine
  scenario: string
  requests: number
  winners: number
  conflicts: number
  other: number
  ms: number
  perSecond: number
}

async function residents(t: TestContext, orgId: string, buildingId: string, n: number) {
  const out = []
  for (let i = 0; i < n; i += 50) {
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, () => resident(t.deps.db, orgId, buildingId)),
      )),
    )
  }
  return out
}

async function race(t: TestContext, engine: Engine, n: number): Promise<Row> {
  const w = await bookingWorld(t)
  const resource = await createResource(w)
  const people = await residents(t, w.orgId, w.buildingId, n)
  const start = helsinki(3, '18:00')
  const began = performance.now()
  const statuses = await Promise.all(
    people.map(async (p) => {
      const res = await client(t.app, p.token).post(`/api/bookings/orgs/${w.orgId}/bookings`, {
        resourceId: resource.id,
        start,
        end: plusMinutes(start, 60),
      })
      await res.arrayBuffer()
      return res.status
    }),
  )
  const ms = performance.now() - began
  const stored = await t.deps.db
    .selectFrom('bookings')
    .select('id')
    .where('resource_id', '=', resource.id)
    .execute()
  const winners = statuses.filter((s) => s === 201).length
  if (winners !== 1 || stored.length !== 1)
    throw new Error(`race of ${n}: ${winners} winners, ${stored.length} stored`)
  return {
    engine,
    scenario: `race on one slot`,
    requests: n,
    winners,
    conflicts: statuses.filter((s) => s === 409).length,
    other: statuses.filter((s) => s !== 201 && s !== 409).length,
    ms,
    perSecond: (n / ms) * 1000,
  }
}

async function throughput(t: TestContext, engine: Engine, n: number, concurrent = true): Promise<Row> {
  const w = await bookingWorld(t)
  const resource = await createResource(w)
  const people = await residents(t, w.orgId, w.buildingId, n)
  const began = performance.now()
  // Sequential: each request waits for the previous answer (the baseline).
  const run = async <T>(items: T[], f: (item: T, i: number) => Promise<number>) => {
    if (concurrent) return Promise.all(items.map(f))
    const out: number[] = []
    for (const [i, item] of items.entries()) out.push(await f(item, i))
    return out
  }
  const statuses = await run(people, async (p, i) => {
    const start = helsinki(2 + Math.floor(i / 24), `${String(i % 24).padStart(2, '0')}:00`)
    const res = await client(t.app, p.token).post(`/api/bookings/orgs/${w.orgId}/bookings`, {
      resourceId: resource.id,
      start,
      end: plusMinutes(start, 60),
    })
    await res.arrayBuffer()
    return res.status
  })
  const ms = performance.now() - began
  const winners = statuses.filter((s) => s === 201).length
  return {
    engine,
    scenario: concurrent ? 'distinct slots, all at once' : 'distinct slots, one at a time (baseline)',
    requests: n,
    winners,
    conflicts: statuses.filter((s) => s === 409).length,
    other: statuses.filter((s) => s !== 201 && s !== 409).length,
    ms,
    perSecond: (winners / ms) * 1000,
  }
}

const engines: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
if (!process.env.DATABASE_URL) console.log('DATABASE_URL unset: PGlite only.')
const rows: Row[] = []
for (const engine of engines) {
  const t = await startTestApp(engine)
  try {
    await race(t, engine, 10) // warm-up, not reported
    rows.push(await throughput(t, engine, 100, false))
    rows.push(await race(t, engine, 50))
    rows.push(await race(t, engine, 500))
    rows.push(await throughput(t, engine, 500))
  } finally {
    await t.close()
  }
}
console.log(
  [
    '| engine | scenario | requests | 201 | 409 | other | settle ms | req/s (race) or bookings/s | × baseline |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const baseline = rows.find((b) => b.engine === r.engine && b.scenario.includes('baseline'))
      const ratio = baseline ? (r.perSecond / baseline.perSecond).toFixed(2) : '–'
      return `| ${r.engine} | ${r.scenario} | ${r.requests} | ${r.winners} | ${r.conflicts} | ${r.other} | ${r.ms.toFixed(0)} | ${r.perSecond.toFixed(0)} | ${ratio} |`
    }),
  ].join('\n'),
)
