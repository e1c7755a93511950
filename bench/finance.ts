/**
 * npm run bench:finance — the finance import and My finances, through the real HTTP app
 * (app.request, no network) on PGlite and, with DATABASE_URL, on Postgres:
 * - 100,000 invoice rows as NDJSON (two calls of 50,000, the per-call limit), streamed from a
 *   generator: rows/s and the process's peak RSS above its level before the import;
 * - the same file again: every row unchanged, and how much faster that is (baseline: the first
 *   import of the same rows in the same run);
 * - an owner's My finances with those 100,000 invoices in the database: p50 / p95 of 200 calls.
 * Targets (issue 14): ≥ 10,000 rows/s on Postgres, ≤ 200 MB extra memory, re-import ≥ 2× faster,
 * My finances p95 ≤ 50 ms.
 */

import { createApiKey } from '../api/finance/keys/apiKeys.ts'
import { startTestApp, type TestContext } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { referenceFor } from '../schema/finance/reference.ts'
import { addMembership, createOrg, createUser, signIn } from '../server/test/factories.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, loadAverage, machineLine, summarise, table } from './lib/stats.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const PER_CALL = 50_000
const BUILDINGS = 20
const PER_BUILDING = 100

async function world(t: TestContext) {
  const db = t.deps.db
  const org = await createOrg(db)
  const apartments: string[] = []
  for (let b = 0; b < BUILDINGS; b++) {
    const building = await db
      .insertInto('buildings')
      .values({ org_id: org.id, name: `B${b}`, address: '' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rows = await db
      .insertInto('apartments')
      .values(
        Array.from({ length: PER_BUILDING }, (_, i) => ({
          org_id: org.id,
          building_id: building.id,
          staircase_id: null,
          number: `B${b} ${i + 1}`,
          area_m2: 50,
          share_count: 500,
        })),
      )
      .returning('id')
      .execute()
    apartments.push(...rows.map((r) => r.id))
  }
  const owner = await createUser(db)
  await addMembership(db, org.id, owner.id, 'owner', { apartmentId: apartments[7]! })
  const key = await createApiKey(db, {
    orgId: org.id,
    name: 'bench',
    scopes: ['finance:write'],
    createdBy: null,
  })
  return { org, apartments, ownerToken: await signIn(db, owner.id), key: key.token }
}

function ndjson(apartments: string[], from: number, to: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let i = from
  return new ReadableStream({
    pull(controller) {
      if (i >= to) {
        controller.close()
        return
      }
      const lines: string[] = []
      for (const end = Math.min(to, i + 1000); i < end; i++) {
        const month = (i % 600) + 1
        const year = 2000 + Math.floor(month / 12)
        const period = `${year}-${String((month % 12) + 1).padStart(2, '0')}`
        lines.push(
          JSON.stringify({
            externalId: `BENCH-${i}`,
            apartment: apartments[i % apartments.length],
            kind: 'maintenance',
            period,
            amountCents: 20_000 + (i % 5000),
            issuedOn: `${period}-01`,
            dueDate: `${period}-05`,
            reference: referenceFor(String(100_000 + i)),
            iban: 'FI2112345600000785',
            payerName: 'Bench Owner',
          }),
        )
      }
      controller.enqueue(encoder.encode(`${lines.join('\n')}\n`))
    },
  })
}

async function importAll(t: TestContext, w: Awaited<ReturnType<typeof world>>) {
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const started = performance.now()
  for (let from = 0; from < ROWS; from += PER_CALL) {
    const res = await t.app.request(`http://localhost:3000/api/import/${w.org.id}/invoices?report=refused`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/x-ndjson' },
      body: ndjson(w.apartments, from, Math.min(ROWS, from + PER_CALL)),
      duplex: 'half',
    } as RequestInit)
    const body = (await res.json()) as { counts: typeof counts }
    if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`)
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += body.counts[k]
  }
  const ms = performance.now() - started
  clearInterval(sampler)
  return {
    ms,
    rowsPerSecond: Math.round((ROWS / ms) * 1000),
    extraMb: Math.round((peak - before) / 1024 / 1024),
    counts,
  }
}

async function myFinances(t: TestContext, w: Awaited<ReturnType<typeof world>>) {
  const times: number[] = []
  const c = client(t.app, w.ownerToken)
  for (let i = 0; i < 220; i++) {
    const began = performance.now()
    const res = await c.get(`/api/finance/${w.org.id}/mine`)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`mine: ${res.status}`)
    if (i >= 20) times.push(performance.now() - began)
  }
  return summarise(times)
}

/** ✓ or ✗ against the target, so a reader sees the verdict without the numbers. */
const verdict = (ok: boolean) => (ok ? '✓' : '✗')

console.log(`bench:finance — ${ROWS.toLocaleString('en-US')} invoice rows, ${machineLine()}`)
const rows: string[][] = []
// BENCH_ENGINE=postgres (or pglite) runs one engine only.
const only = process.env.BENCH_ENGINE
for (const engine of benchEngines().filter((e) => !only || e === only)) {
  const t = await startTestApp(engine)
  try {
    const w = await world(t)
    const first = await importAll(t, w)
    const again = await importAll(t, w)
    const mine = await myFinances(t, w)
    const speedup = first.ms / again.ms
    if (first.counts.created !== ROWS || again.counts.unchanged !== ROWS) {
      throw new Error(
        `${engine}: counts ${JSON.stringify(first.counts)} then ${JSON.stringify(again.counts)}`,
      )
    }
    rows.push([
      engine,
      `${fmt(first.rowsPerSecond)} ${engine === 'postgres' ? verdict(first.rowsPerSecond >= 10_000) : ''}`,
      `${fmt(first.extraMb)} ${verdict(first.extraMb <= 200)}`,
      fmt(again.rowsPerSecond),
      `${fmt(again.extraMb)} ${verdict(again.extraMb <= 200)}`,
      `${fmt(speedup, 1)}× ${verdict(speedup >= 2)}`,
      fmt(mine.p50, 1),
      `${fmt(mine.p95, 1)} ${verdict(mine.p95 <= 50)}`,
    ])
    console.log(`  ${engine}: done (load average ${loadAverage()})`)
  } finally {
    await t.close()
  }
}
console.log(
  `\n${table(
    [
      'engine',
      'import rows/s (≥ 10,000 on Postgres)',
      'import +RSS MB (≤ 200)',
      're-import rows/s',
      're-import +RSS MB',
      're-import speed-up (≥ 2×)',
      'My finances p50 ms',
      'p95 ms (≤ 50)',
    ],
    rows,
  )}`,
)
console.log(
  `\nRSS is this whole process: on PGlite the database runs in it too. Load average at the end: ${loadAverage()} (other work on the machine inflates wall times).`,
)
