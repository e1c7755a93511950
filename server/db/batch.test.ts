import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../test/engines.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { BatchConflict, batchStatement, runBatch } from './batch.ts'
import { type Connected, connectDatabase } from './connect.ts'

/**
 * A batch (batch.ts) is one transaction: all its statements or none, a failed expectation rolls
 * it back as `BatchConflict`, a failing statement rolls it back with the database's error. On
 * PGlite it runs in the database thread (the app's connection), on the main thread (tests'
 * snapshot databases), and on Postgres through a Kysely transaction.
 */
const setups = ENGINES.flatMap((engine) =>
  engine === 'pglite' ? (['pglite thread', 'pglite main thread'] as const) : (['postgres'] as const),
)

describe.each(setups)('batch on %s', (setup) => {
  let connected: Connected
  beforeAll(async () => {
    connected =
      setup === 'pglite thread'
        ? await connectDatabase({ dataDir: 'memory://', migrate: false, pgliteWorker: true })
        : await connectTestDatabase(setup === 'postgres' ? 'postgres' : 'pglite')
  })
  afterAll(() => connected.close())

  async function table() {
    const name = `b_${crypto.randomUUID().replaceAll('-', '')}`
    await sql`create table ${sql.table(name)} (id int primary key, b bytea)`.execute(connected.db)
    const insert = (id: number, bytes: Uint8Array) =>
      batchStatement(sql`insert into ${sql.table(name)} values (${id}, ${bytes})`.compile(connected.db))
    const check = (equals: string) =>
      batchStatement(sql`select count(*)::text as n from ${sql.table(name)}`.compile(connected.db), {
        column: 'n',
        equals,
      })
    const ids = async () =>
      (
        await sql<{ id: number }>`select id from ${sql.table(name)} order by id`.execute(connected.db)
      ).rows.map((r) => r.id)
    return { insert, check, ids, name }
  }

  it('commits every statement, with its bytes', async () => {
    const t = await table()
    const frame = new Uint8Array([9, 1, 2, 3, 9])
    await runBatch(connected.db, [t.insert(1, frame.subarray(1, 4)), t.check('1'), t.insert(2, frame)])
    expect(await t.ids()).toEqual([1, 2])
    const row = await sql<{ b: Uint8Array }>`select b from ${sql.table(t.name)} where id = 1`.execute(
      connected.db,
    )
    expect([...row.rows[0]!.b]).toEqual([1, 2, 3])
  })

  it('rolls back whole on a failed expectation and on a failing statement', async () => {
    const t = await table()
    await runBatch(connected.db, [t.insert(1, new Uint8Array([1]))])
    const conflict = await runBatch(connected.db, [t.insert(2, new Uint8Array([2])), t.check('1')]).catch(
      (e: unknown) => e,
    )
    expect(conflict).toBeInstanceOf(BatchConflict)
    const failed = await runBatch(connected.db, [
      t.insert(3, new Uint8Array([3])),
      t.insert(1, new Uint8Array()),
    ]).catch((e: unknown) => e)
    expect(failed).toMatchObject({ code: '23505' })
    expect(await t.ids()).toEqual([1])
    // The connection is usable after both.
    await runBatch(connected.db, [t.insert(4, new Uint8Array([4]))])
    expect(await t.ids()).toEqual([1, 4])
  })
})
