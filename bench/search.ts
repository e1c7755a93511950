import { readFileSync } from 'node:fs'
import { loadConfig } from '../schema/config.ts'
import type { Role } from '../schema/roles.ts'
import { connectDatabase } from '../server/db/connect.ts'
import { createMeiliSearch } from '../server/search/meilisearch.ts'
import { createPostgresSearch } from '../server/search/postgres.ts'
import type { SearchAdapter, Searcher, SearchRecord } from '../server/search/types.ts'

/**
 * `npm run bench:search`: 100,000 Finnish-like records indexed, then queried as a user types
 * (every prefix of a few words), on Postgres full-text search over PGlite and over Postgres
 * (DATABASE_URL), and Meilisearch when MEILI_URL is set. Prints indexing throughput and query
 * latency percentiles. Target: p95 <= 150 ms, >= 2,000 records/s.
 *
 * Each engine's figures are printed with the ratio to `bench/search-baseline.json` (the figures
 * of the previous implementation, with the load average they were taken at), and with this
 * run's `/proc/loadavg`: other work on the machine moves these numbers a lot.
 * BENCH_KEEP=1 leaves the records in Postgres for EXPLAIN ANALYZE.
 */
const COUNT = Number(process.env.BENCH_RECORDS ?? 100_000)
const ORGS = 50

const STEMS = [
  'sauna',
  'vuoro',
  'pesutupa',
  'kokous',
  'hallitus',
  'isännöitsijä',
  'remontti',
  'katto',
  'julkisivu',
  'piha',
  'porras',
  'hissi',
  'kellari',
  'ullakko',
  'autopaikka',
  'lämmitys',
  'vesimittari',
  'sähkö',
  'ikkuna',
  'parveke',
  'vuokra',
  'vastike',
  'tilinpäätös',
  'talousarvio',
  'yhtiökokous',
  'järjestys',
  'sääntö',
  'avain',
  'lukko',
  'ovi',
  'lumityö',
  'siivous',
  'jäte',
  'kierrätys',
  'putki',
  'vuoto',
  'kosteus',
  'ilmanvaihto',
  'huolto',
  'tarkastus',
  'kuntotarkastus',
  'energia',
  'aurinkopaneeli',
  'latauspiste',
  'pyörävarasto',
  'kerhohuone',
  'talkoot',
  'juhla',
  'asukas',
  'osakas',
  'huoneisto',
  'asunto',
  'rappu',
  'talo',
  'kattila',
  'patteri',
  'termostaatti',
  'kaivo',
]
const SUFFIXES = ['', 'n', 'a', 'ssa', 'sta', 'lla', 'lle', 'ksi', 't', 'ja', 'ssä', 'stä', 'kin']
const FILLER = ['ja', 'on', 'ei', 'kun', 'että', 'myös', 'vielä', 'heti', 'aina', 'sekä', 'tai', 'nyt']
const ROLES: Role[] = ['resident', 'owner', 'board_member', 'property_manager', 'auditor']

let seed = 42
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
const sentence = (n: number) =>
  Array.from({ length: n }, () => (rand() < 0.25 ? pick(FILLER) : pick(STEMS) + pick(SUFFIXES))).join(' ')

const orgIds = Array.from({ length: ORGS }, () => crypto.randomUUID())
function record(i: number): SearchRecord {
  const type = pick(['document', 'message', 'person', 'folder'] as const)
  return {
    id: `${type}:bench-${i}`,
    orgId: orgIds[i % ORGS] as string,
    type,
    entityId: `bench-${i}`,
    title: sentence(3 + Math.floor(rand() * 4)),
    body: sentence(20 + Math.floor(rand() * 60)),
    language: 'fi',
    url: `/bench/${i}`,
    updatedAt: new Date(1_700_000_000_000 + i * 1000),
    visibility:
      rand() < 0.7
        ? { roles: 'members', buildingId: null, participants: [], internal: false }
        : {
            roles: [pick(ROLES), 'property_manager'],
            buildingId: null,
            participants: [],
            internal: rand() < 0.1,
          },
  }
}

// A staff member of a company that runs 20 of the 50 organisations.
const searcher: Searcher = {
  userId: 'bench-user',
  reach: orgIds
    .slice(0, 20)
    .map((orgId) => ({ orgId, roles: ['property_manager'] as Role[], buildings: null })),
}
const TYPED = [
  'saunavuoro',
  'yhtiökokous',
  'tilinpäätös',
  'ilmanvaihto',
  'pesutuvan',
  'latauspiste',
  'kattilan',
  'julkisivuremontti',
  'saunavuro',
  'hissi rikki',
  'vesimittarin lukema',
  'putkivuoto kellarissa',
]

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

interface Row {
  engine: string
  records: number
  indexSeconds: number
  perSecond: number
  queries: number
  p50: number
  p95: number
  max: number
}

async function run(engine: string, adapter: SearchAdapter, cleanup: () => Promise<void>): Promise<Row> {
  await adapter.init()
  const started = performance.now()
  const batch = 1000
  for (let i = 0; i < COUNT; i += batch) {
    await adapter.upsert(Array.from({ length: Math.min(batch, COUNT - i) }, (_, k) => record(i + k)))
    if (process.stdout.isTTY) process.stdout.write(`\r  ${engine}: indexed ${i + batch}/${COUNT}`)
  }
  await adapter.settle()
  const indexSeconds = (performance.now() - started) / 1000
  if (process.stdout.isTTY) process.stdout.write('\n')
  // Warm up, then type each phrase one character at a time.
  await adapter.search({ text: 'sauna', searcher, limit: 10 })
  const times: number[] = []
  for (const phrase of TYPED) {
    for (let n = 2; n <= phrase.length; n++) {
      const t0 = performance.now()
      await adapter.search({ text: phrase.slice(0, n), searcher, limit: 10 })
      times.push(performance.now() - t0)
    }
  }
  times.sort((a, b) => a - b)
  await cleanup()
  return {
    engine,
    records: COUNT,
    indexSeconds,
    perSecond: COUNT / indexSeconds,
    queries: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1) ?? 0,
  }
}

const loadavg = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  } catch {
    return 'n/a'
  }
}
interface Baseline {
  perSecond: number
  p50: number
  p95: number
  loadavg: string
  commit: string
}
console.log(`load average at the start: ${loadavg()}`)
const config = loadConfig(process.env)
// BENCH_ENGINES=pglite,postgres,meilisearch picks engines (default: every available one).
const wanted = (process.env.BENCH_ENGINES ?? 'pglite,postgres,meilisearch').split(',')
const rows: Row[] = []
if (wanted.includes('pglite')) {
  const pg = await connectDatabase({ dataDir: 'memory://' })
  rows.push(await run('Postgres FTS (PGlite)', createPostgresSearch(pg.db), () => pg.close()))
}
if (config.databaseUrl && wanted.includes('postgres')) {
  const pg = await connectDatabase({ databaseUrl: config.databaseUrl })
  rows.push(
    await run('Postgres FTS (Postgres)', createPostgresSearch(pg.db), async () => {
      if (!process.env.BENCH_KEEP)
        await pg.db.deleteFrom('search_records').where('entity_id', 'like', 'bench-%').execute()
      await pg.close()
    }),
  )
} else console.warn('SKIPPED: Postgres FTS on Postgres (DATABASE_URL unset)')
if (config.meiliUrl && config.meiliMasterKey && wanted.includes('meilisearch')) {
  const index = `bench_${Date.now()}`
  const meili = createMeiliSearch({ url: config.meiliUrl, key: config.meiliMasterKey, index })
  rows.push(await run('Meilisearch', meili, async () => {}))
} else console.warn('SKIPPED: Meilisearch (MEILI_URL unset)')

let baseline: Record<string, Baseline> = {}
try {
  baseline = JSON.parse(readFileSync(new URL('./search-baseline.json', import.meta.url), 'utf8'))
} catch {
  console.warn('no bench/search-baseline.json: ratios are not printed')
}

const fmt = (n: number, d = 1) => n.toFixed(d).padStart(9)
console.log(`\n${'engine'.padEnd(26)}  records  index s  records/s  queries   p50 ms   p95 ms   max ms`)
for (const r of rows) {
  console.log(
    `${r.engine.padEnd(26)} ${String(r.records).padStart(8)} ${fmt(r.indexSeconds)} ${fmt(r.perSecond, 0)}  ${String(r.queries).padStart(7)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.max)}`,
  )
}
console.log(`load average at the end: ${loadavg()}`)
for (const r of rows) {
  const b = baseline[r.engine]
  if (!b) continue
  console.log(
    `${r.engine}: vs baseline ${b.commit} (load ${b.loadavg}): records/s x${(r.perSecond / b.perSecond).toFixed(2)}, p50 x${(r.p50 / b.p50).toFixed(2)}, p95 x${(r.p95 / b.p95).toFixed(2)} (below 1 is faster)`,
  )
}
console.log('\ntarget: p95 <= 150 ms, indexing >= 2,000 records/s')
