import { sql } from 'kysely'
import { describe, expect, inject, it } from 'vitest'
import { connectDatabase } from '../db/connect.ts'
import { connectTestDatabase } from './pgliteSnapshot.ts'
import {
  databaseOf,
  fileDatabaseName,
  runPrefix,
  staleRunDatabases,
  templateName,
  withDatabase,
} from './postgresDatabases.ts'

describe("the names of a run's Postgres databases", () => {
  it('fit in a Postgres identifier (63 bytes) whatever the base', () => {
    const prefix = runPrefix('kotipiha_ci_1765040000_4194304_and_then_some_more', 4_194_304)
    expect(templateName(prefix).length).toBeLessThanOrEqual(63)
    expect(fileDatabaseName(prefix).length).toBeLessThanOrEqual(63)
    expect(fileDatabaseName(prefix)).not.toBe(fileDatabaseName(prefix))
  })

  it("finds only the databases of this base's runs whose process is gone", () => {
    const dead = new Set([111, 333])
    const names = [
      'kp_h13_r111_tmpl',
      'kp_h13_r111_f0a1b2c3d',
      'kp_h13_r222_tmpl', // a run still going
      'kp_h13_r222_f00000000',
      'kp_h1_r111_tmpl', // another base that is a prefix of this one
      'kp_h134_r333_tmpl', // another base this one is a prefix of
      'kp_h13', // the base itself
      'kp_h13_r333_other', // not a name of ours
    ]
    expect(staleRunDatabases(names, 'kp_h13', (pid) => !dead.has(pid))).toEqual([
      'kp_h13_r111_tmpl',
      'kp_h13_r111_f0a1b2c3d',
    ])
  })

  it('swaps only the database of a URL', () => {
    const url = 'postgres://root:pw@127.0.0.1:5432/kp_h13?sslmode=disable'
    expect(databaseOf(url)).toBe('kp_h13')
    expect(withDatabase(url, 'kp_h13_r1_tmpl')).toBe(
      'postgres://root:pw@127.0.0.1:5432/kp_h13_r1_tmpl?sslmode=disable',
    )
    expect(databaseOf('postgres://someone@127.0.0.1:5432')).toBe('someone')
  })
})

describe.skipIf(!process.env.DATABASE_URL)('a test file on Postgres', () => {
  it("has a database of its own, cloned from the run's migrated template", async () => {
    const run = inject('postgresTemplate')
    expect(run).not.toBeNull()
    const { db, close } = await connectTestDatabase('postgres')
    try {
      const current = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(db)).rows[0]
      expect(current?.name).toMatch(new RegExp(`^${run?.prefix}_f[0-9a-f]{8}$`))
      // Cloned from the migrated template: the newest tables are there without migrating here.
      await db.selectFrom('outbox').select('id').limit(1).execute()
    } finally {
      await close()
    }
  })

  it('leaves the template closed to connections, so no test can block the next clone', async () => {
    const run = inject('postgresTemplate')
    const url = withDatabase(run?.url ?? '', run?.template ?? '')
    await expect(connectDatabase({ databaseUrl: url, migrate: false }).then(probe)).rejects.toThrow(
      /not currently accepting connections/,
    )
  })
})

async function probe(connected: Awaited<ReturnType<typeof connectDatabase>>) {
  try {
    await sql`SELECT 1`.execute(connected.db)
  } finally {
    await connected.close()
  }
}
