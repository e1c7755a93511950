import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../test/engines.ts'
import { type Connected, connectDatabase } from './connect.ts'

/**
 * The connection as the app uses it. On PGlite the database runs in a worker thread
 * (pgliteWorker.ts): a long statement must not stall the event loop (issue 21: one busy channel
 * stalled /api/health for 6.5 s), and the proxy must keep what callers rely on: Postgres error
 * fields, transactions that roll back on a throw, bytes both ways, and no thread left behind.
 */
describe.each(ENGINES)('database connection on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectDatabase(
      engine === 'postgres'
        ? { databaseUrl: process.env.DATABASE_URL, migrate: false }
        : { dataDir: 'memory://', migrate: false, pgliteWorker: true },
    )
  })
  afterAll(() => connected.close())

  it('keeps the event loop turning while a long statement runs', async () => {
    const ticks: number[] = []
    const timer = setInterval(() => ticks.push(performance.now()), 5)
    const started = performance.now()
    await sql`select count(*) from generate_series(1, 3000000)`.execute(connected.db)
    const ended = performance.now()
    clearInterval(timer)
    // The statement must be long enough for a stall to show.
    expect(ended - started).toBeGreaterThan(200)
    const edges = [started, ...ticks, ended]
    const gaps = edges.slice(1).map((t, i) => t - edges[i]!)
    // On the thread that runs WASM Postgres the one gap would be the whole statement.
    expect(Math.max(...gaps)).toBeLessThan((ended - started) / 2)
  })

  it('hands back Postgres error fields, rolls back a throwing transaction, and carries bytes', async () => {
    const table = `t_${crypto.randomUUID().replaceAll('-', '')}`
    await sql`create table ${sql.table(table)} (id int constraint ${sql.ref(`${table}_pk`)} primary key, b bytea)`.execute(
      connected.db,
    )
    // A view into a larger buffer, as a websocket frame's update is.
    const frame = new Uint8Array([9, 9, 1, 2, 3, 9])
    await sql`insert into ${sql.table(table)} values (1, ${frame.subarray(2, 5)})`.execute(connected.db)
    const error = await sql`insert into ${sql.table(table)} values (1, null)`.execute(connected.db).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    )
    // The SQLSTATE is what callers branch on (bookings: 23P01; Kysely: 25P02).
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: '23505' })
    expect(error!.message).toContain(`${table}_pk`)

    await expect(
      connected.db.transaction().execute(async (trx) => {
        await sql`insert into ${sql.table(table)} values (2, null)`.execute(trx)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    await connected.db.transaction().execute(async (trx) => {
      await sql`insert into ${sql.table(table)} values (3, ${new Uint8Array([4, 5])})`.execute(trx)
    })
    const rows = await sql<{
      id: number
      b: Uint8Array | null
    }>`select id, b from ${sql.table(table)} order by id`.execute(connected.db)
    expect(rows.rows.map((r) => [r.id, r.b && [...r.b]])).toEqual([
      [1, [1, 2, 3]],
      [3, [4, 5]],
    ])
    await sql`drop table ${sql.table(table)}`.execute(connected.db)
  })
})

it('an embedded database left open does not keep the process alive', async () => {
  const script = `
    import { connectDatabase } from ${JSON.stringify(new URL('./connect.ts', import.meta.url).pathname)}
    const { db } = await connectDatabase({ dataDir: 'memory://', migrate: false, pgliteWorker: true })
    const r = await db.selectNoFrom((eb) => eb.lit(42).as('n')).executeTakeFirstOrThrow()
    console.log(r.n)
  `
  const dir = await mkdtemp(join(tmpdir(), 'kotipiha-connect-'))
  const file = join(dir, 'open.mjs')
  await writeFile(file, script)
  // Plain Node, without the test runner's loader options.
  const { NODE_OPTIONS: _ignored, ...env } = process.env
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  await rm(dir, { recursive: true, force: true })
  expect(err).toBe('')
  expect({ code, out: out.trim() }).toEqual({ code: 0, out: '42' })
}, 120_000)
