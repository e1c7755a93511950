import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Connected, connectDatabase } from './connect.ts'

/**
 * PGlite's statements kept prepared (pglitePrepared.ts), on this thread and in the PGlite thread,
 * through Kysely as the app uses them: the same answers as PGlite's own query for every type the
 * app binds, errors with their Postgres fields and a usable connection after them (in and out of
 * a transaction), a table changed under a kept statement, and a bounded number kept.
 */
describe.each([
  ['this thread', false],
  ['the PGlite thread', true],
] as const)('prepared statements on PGlite in %s', (_where, worker) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectDatabase({ dataDir: 'memory://', migrate: false, pgliteWorker: worker })
    await sql`CREATE TABLE kept (id int PRIMARY KEY, label text, doc jsonb, bytes bytea, at timestamptz, tags text[])`.execute(
      connected.db,
    )
  })
  afterAll(() => connected.close())

  const kept = async () =>
    Number(
      (
        await sql<{
          n: string
        }>`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE ${'kp_%'}`.execute(connected.db)
      ).rows[0]!.n,
    )

  it('answers a statement run with new values each time, and keeps it once', async () => {
    const db = connected.db
    const before = await kept()
    for (let id = 1; id <= 12; id++) {
      await sql`INSERT INTO kept (id, label, doc, bytes, at, tags) VALUES (${id}, ${`n${id}`}, ${JSON.stringify({ id })}::jsonb, ${new Uint8Array([id, 0, 255])}, ${new Date(Date.UTC(2026, 0, id))}, ${['a', `t${id}`]})`.execute(
        db,
      )
    }
    // One kept statement for the twelve inserts (not twelve), one more for the select below.
    expect(await kept()).toBe(before + 1)
    for (const id of [3, 7, 12]) {
      const { rows } = await sql<{
        id: number
        label: string
        doc: { id: number }
        bytes: Uint8Array
        at: Date
        tags: string[]
      }>`SELECT id, label, doc, bytes, at, tags FROM kept WHERE id = ${id}`.execute(db)
      expect(rows).toHaveLength(1)
      const row = rows[0]!
      expect(row.label).toBe(`n${id}`)
      expect(row.doc).toEqual({ id })
      expect([...row.bytes]).toEqual([id, 0, 255])
      expect(row.at.toISOString()).toBe(new Date(Date.UTC(2026, 0, id)).toISOString())
      expect(row.tags).toEqual(['a', `t${id}`])
    }
    expect(await kept()).toBe(before + 2)
    const nulls = await sql<{
      n: string
    }>`SELECT count(*) AS n FROM kept WHERE label IS DISTINCT FROM ${null}`.execute(db)
    expect(Number(nulls.rows[0]!.n)).toBe(12)
    const updated = await db
      .updateTable('kept' as never)
      .set({ label: 'x' } as never)
      .where('id' as never, '<', 4 as never)
      .executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(3n)
  })

  it('reports a failing statement with its Postgres code and goes on, in and out of a transaction', async () => {
    const db = connected.db
    const duplicate = sql`INSERT INTO kept (id, label) VALUES (${1}, ${'again'})`
    await expect(duplicate.execute(db)).rejects.toMatchObject({ code: '23505' })
    // The connection is usable at once, the kept statement too.
    await sql`INSERT INTO kept (id, label) VALUES (${100}, ${'fine'})`.execute(db)
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`INSERT INTO kept (id, label) VALUES (${101}, ${'rolled back'})`.execute(trx)
        await duplicate.execute(trx)
      }),
    ).rejects.toMatchObject({ code: '23505' })
    const { rows } = await sql<{ id: number }>`SELECT id FROM kept WHERE id >= ${100} ORDER BY id`.execute(db)
    expect(rows.map((r) => r.id)).toEqual([100])
  })

  it('answers with the new columns after the table changed under a kept statement', async () => {
    const db = connected.db
    const all = () => sql<Record<string, unknown>>`SELECT * FROM kept WHERE id = ${100}`.execute(db)
    expect(Object.keys((await all()).rows[0]!)).not.toContain('extra')
    await sql`ALTER TABLE kept ADD COLUMN extra int DEFAULT 7`.execute(db)
    expect((await all()).rows[0]).toMatchObject({ id: 100, extra: 7 })
  })

  it('keeps at most 500 statements', async () => {
    const db = connected.db
    for (let i = 0; i < 520; i++) await sql`SELECT ${i}::int AS n, ${sql.lit(i)} AS k`.execute(db)
    const n = await kept()
    expect(n).toBeGreaterThan(400)
    expect(n).toBeLessThanOrEqual(500)
    // The oldest were closed, the newest are kept and still answer.
    const { rows } = await sql<{ n: number }>`SELECT ${519}::int AS n, ${sql.lit(519)} AS k`.execute(db)
    expect(rows[0]!.n).toBe(519)
  })
})
