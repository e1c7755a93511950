/**
 * npm run bench:delivery-keys — what checking the keys of `communication_deliveries` costs a mass
 * send's insert (migration 0047), at BENCH_RECIPIENTS people (default 50,000) × 3 channels, on
 * PGlite and, with DATABASE_URL, Postgres. The same INSERT … SELECT of delivery rows, timed with:
 * - no check (0041: foreign keys dropped, 0047's trigger disabled);
 * - 0047: one statement-level check over the inserted rows (anti-joins to communications and users);
 * - the two per-row foreign keys 0041 dropped, put back for the run.
 * Each variant runs in a transaction that is rolled back (the schema is left as migrated), in
 * rotating order, BENCH_ROUNDS times (default 3); the median is printed with the ratio to "no check".
 */
import { sql } from 'kysely'
import { type Connected, connectDatabase, type Engine } from '../server/db/connect.ts'
import { createOrg } from '../server/test/factories.ts'
import { benchEngines } from './lib/engines.ts'
import { fmt, machineLine, table } from './lib/stats.ts'

const N = Number(process.env.BENCH_RECIPIENTS ?? 50_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const VARIANTS = ['no check', '0047 statement check', 'per-row foreign keys'] as const
type Variant = (typeof VARIANTS)[number]
class Rollback extends Error {}

async function runOn(engine: Engine): Promise<string[]> {
  const c: Connected = await connectDatabase(
    engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
  )
  try {
    const db = c.db
    const tag = crypto.randomUUID().slice(0, 8)
    const org = await createOrg(db)
    await sql`INSERT INTO users (email, name)
      SELECT 'keys-' || ${tag} || '-' || g || '@example.com', 'Owner ' || g FROM generate_series(1, ${N}) g`.execute(
      db,
    )
    const { rows } = await sql<{ id: string }>`INSERT INTO communications (org_id, subject, body, audience)
      VALUES (${org.id}, 'S', 'B', '{}') RETURNING id`.execute(db)
    const commId = rows[0]!.id
    await sql`ANALYZE users`.execute(db)
    const times = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]))
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < VARIANTS.length; k++) {
        const variant = VARIANTS[(round + k) % VARIANTS.length]!
        let ms = 0
        await db
          .transaction()
          .execute(async (trx) => {
            if (variant !== '0047 statement check')
              await sql`ALTER TABLE communication_deliveries DISABLE TRIGGER communication_deliveries_keys_insert`.execute(
                trx,
              )
            if (variant === 'per-row foreign keys')
              await sql`ALTER TABLE communication_deliveries
                ADD FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID,
                ADD FOREIGN KEY (org_id, communication_id) REFERENCES communications(org_id, id) NOT VALID`.execute(
                trx,
              )
            const t0 = performance.now()
            await sql`INSERT INTO communication_deliveries (org_id, communication_id, user_id, channel, address)
              SELECT ${org.id}, ${commId}, u.id, ch, u.email FROM users u,
                unnest(ARRAY['portal','email','letter']) ch
              WHERE u.email LIKE ${`keys-${tag}-%`}`.execute(trx)
            ms = performance.now() - t0
            throw new Rollback()
          })
          .catch((e: unknown) => {
            if (!(e instanceof Rollback)) throw e
          })
        times.get(variant)!.push(ms)
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const base = median(times.get('no check')!)
    return [
      engine,
      fmt(N * 3),
      ...VARIANTS.map((v) => {
        const m = median(times.get(v)!)
        return `${fmt(m)} (${fmt(m / Math.max(base, 1), 2)}×)`
      }),
    ]
  } finally {
    await c.close()
  }
}

console.log(`bench:delivery-keys — ${fmt(N)} recipients × 3 channels, median of ${ROUNDS} rounds`)
console.log(machineLine())
const rows: string[][] = []
for (const engine of benchEngines()) rows.push(await runOn(engine))
console.log(table(['engine', 'rows', ...VARIANTS.map((v) => `${v} ms (× no check)`)], rows))
console.log(`load average after: ${machineLine()}`)
