import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../api/test/harness.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { createPostgresSearch } from '../../server/search/postgres.ts'
import type { Searcher } from '../../server/search/types.ts'
import { addMembership, createOrg, createUser, member, unique } from '../../server/test/factories.ts'
import { channel, type SearchWorld, startSearchWorld } from './world.ts'

describe.each(ENGINES)('outbox indexer on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
  })
  afterAll(() => w.close())

  const word = () => letters('kw')
  const anyone = (orgId: string): Searcher => ({
    userId: 'tester',
    reach: [{ orgId, roles: ['property_manager'], buildings: null }],
  })
  const found = async (orgId: string, text: string) =>
    (await createPostgresSearch(w.db).search({ text, searcher: anyone(orgId), limit: 50 })).hits

  async function rowsOf(ids: string[]) {
    return w.db
      .selectFrom('outbox')
      .select(['id', 'processed_at', 'parked_at', 'attempts', 'last_error', 'claimed_by'])
      .where('id', 'in', ids)
      .execute()
  }

  it('indexes a message from the projection and drops it within 2 s of being hidden', async () => {
    const org = await createOrg(w.db)
    const author = await member(w.db, org.id, 'resident')
    const ch = await channel(w.db, org.id)
    await w.indexer()
    const secret = word()
    const id = await ch.post(author.id, `Rappukäytävän lamppu ${secret} on rikki`)
    await eventually(async () => expect((await found(org.id, secret)).map((h) => h.entityId)).toEqual([id]))
    const hiddenAt = Date.now()
    await ch.hide(id, author.id)
    await eventually(async () => expect(await found(org.id, secret)).toEqual([]), { timeoutMs: 2000 })
    expect(Date.now() - hiddenAt).toBeLessThan(2000)
  })

  it('loses nothing when a worker crashes between claim and upsert', async () => {
    const org = await createOrg(w.db)
    const author = await member(w.db, org.id, 'resident')
    const ch = await channel(w.db, org.id)
    const secret = word()
    // A worker claims the rows and dies before writing to the engine or marking them done. The
    // claim is made in the transaction that writes the rows, so no live indexer sees them first.
    let mine: { id: string }[] = []
    await ch.post(author.id, `Kattoremontti ${secret}`, async (trx) => {
      mine = await trx
        .updateTable('outbox')
        .set({ claimed_at: new Date(), claimed_by: 'crashed', attempts: 1 })
        .where('org_id', '=', org.id)
        .where('processed_at', 'is', null)
        .returning('id')
        .execute()
    })
    expect(mine.length).toBeGreaterThan(0)
    // Live indexers with a normal lease leave the rows alone.
    await w.indexer()
    await new Promise((r) => setTimeout(r, 300))
    expect(await found(org.id, secret)).toEqual([])
    // Its lease runs out; a live worker claims the row again and indexes it.
    await w.indexer({ leaseMs: 300 })
    await eventually(async () => expect(await found(org.id, secret)).toHaveLength(1))
    const rows = await eventually(async () => {
      const rows = await rowsOf(mine.map((r) => String(r.id)))
      expect(rows.every((r) => r.processed_at !== null)).toBe(true)
      return rows
    })
    expect(rows.every((r) => r.claimed_by !== 'crashed')).toBe(true)
  })

  it('two indexers never process the same row', async () => {
    const org = await createOrg(w.db)
    const author = await member(w.db, org.id, 'resident')
    const ch = await channel(w.db, org.id)
    const applied = new Map<string, string[]>()
    await w.stopIndexers()
    const record =
      (worker: string) => (rows: readonly { id: string; orgId: string | null; topic: string }[]) => {
        for (const r of rows)
          if (r.orgId === org.id && r.topic === 'message.changed')
            applied.set(r.id, [...(applied.get(r.id) ?? []), worker])
      }
    const posted: string[] = []
    for (let i = 0; i < 40; i++) posted.push(await ch.post(author.id, `Viesti ${i} ${word()}`))
    const ids = (
      await w.db
        .selectFrom('outbox')
        .select('id')
        .where('org_id', '=', org.id)
        .where('topic', '=', 'message.changed')
        .execute()
    ).map((r) => String(r.id))
    await Promise.all([
      w.indexer({ worker: 'a', batchSize: 5, onApplied: record('a') }),
      w.indexer({ worker: 'b', batchSize: 5, onApplied: record('b') }),
    ])
    await eventually(async () => expect([...applied.keys()].sort()).toEqual([...ids].sort()), {
      timeoutMs: 20_000,
    })
    for (const [, workers] of applied) expect(workers).toHaveLength(1)
    const rows = await rowsOf(ids)
    expect(rows.every((r) => r.processed_at !== null && r.attempts === 1)).toBe(true)
  })

  // Postgres only: a lock held by another connection holds the indexer inside its batch, which
  // makes the stop land there every time; PGlite is one connection, the lock would hold the claim.
  if (engine === 'postgres')
    it('a stopped indexer ends within its batch and gives back the rows it had not begun', async () => {
      const org = await createOrg(w.db)
      const author = await member(w.db, org.id, 'resident')
      const ch = await channel(w.db, org.id)
      await w.stopIndexers()
      for (let i = 0; i < 20; i++) await ch.post(author.id, `Viesti ${i} ${word()}`)
      const all = (
        await w.db
          .selectFrom('outbox')
          .select('id')
          .where('org_id', '=', org.id)
          .where('topic', '=', 'message.changed')
          .execute()
      ).map((r) => String(r.id))
      expect(all.length).toBe(20)
      let stopped: Promise<void> | undefined
      let batch: string[] = []
      await w.db.transaction().execute(async (trx) => {
        // The first row's handler reads messages and waits here; the claim (outbox only) does not.
        await sql`LOCK TABLE messages IN ACCESS EXCLUSIVE MODE`.execute(trx)
        const indexer = await w.indexer({ worker: unique('stopping'), batchSize: 100 })
        batch = await eventually(async () => {
          const claimed = (await rowsOf(all)).filter((r) => r.claimed_by === indexer.worker)
          expect(claimed).toHaveLength(20)
          return claimed.map((r) => String(r.id))
        })
        // The first row's handler is waiting on the lock: its row is in hand when the stop comes
        // (with the 20 claimed but the handler not yet begun, all 20 are given back, which a
        // loaded CI machine once did).
        await eventually(async () => {
          const waiting = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(w.db)
          expect(waiting.rows[0]?.n).toBeGreaterThanOrEqual(1)
        })
        stopped = indexer.stop()
      })
      await stopped
      const rows = await rowsOf(batch)
      // The row in hand was finished; the 19 not begun are nobody's again, and unattempted.
      expect(rows.filter((r) => r.processed_at !== null)).toHaveLength(1)
      const given = rows.filter((r) => r.processed_at === null)
      expect(given).toHaveLength(19)
      for (const r of given) expect(r).toMatchObject({ claimed_by: null, attempts: 0 })
      // Another worker takes them at once (no lease to wait out).
      await w.indexer()
      await eventually(async () =>
        expect((await rowsOf(all)).every((r) => r.processed_at !== null)).toBe(true),
      )
    })

  it('parks a poison row with its error after N tries while the others go on', async () => {
    await w.stopIndexers()
    const org = await createOrg(w.db)
    const author = await member(w.db, org.id, 'resident')
    const ch = await channel(w.db, org.id)
    const poison = await w.db
      .insertInto('outbox')
      .values({ org_id: org.id, topic: 'message.changed', entity_id: 'poison', payload: JSON.stringify({}) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const secret = word()
    await ch.post(author.id, `Pihakeinu ${secret}`)
    const indexer = await w.indexer({ maxAttempts: 3, backoffMs: 20 })
    await eventually(async () => expect(await found(org.id, secret)).toHaveLength(1))
    const [row] = await eventually(async () => {
      const rows = await rowsOf([String(poison.id)])
      expect(rows[0]?.parked_at).not.toBeNull()
      return rows
    })
    expect(row?.attempts).toBe(3)
    expect(row?.processed_at).toBeNull()
    expect(row?.last_error).toMatch(/threadId/)
    expect((await indexer.lag()).parked).toBeGreaterThanOrEqual(1)
  })

  it('indexes people from membership changes and drops them when removed', async () => {
    const org = await createOrg(w.db)
    const user = await createUser(w.db, { name: `Aino ${letters('Virtanen')}` })
    const person = { ...user, membershipId: (await addMembership(w.db, org.id, user.id, 'resident')).id }
    await w.indexer()
    await eventually(async () =>
      expect((await found(org.id, person.name)).map((h) => h.type)).toEqual(['person']),
    )
    await w.db.deleteFrom('memberships').where('id', '=', person.membershipId).execute()
    await eventually(async () => expect(await found(org.id, person.name)).toEqual([]))
  })

  it('reports its lag: waiting rows and the age of the oldest', async () => {
    const indexer = await w.indexer()
    const org = await createOrg(w.db)
    // A row nobody may claim for an hour (as after a failure with backoff) is waiting.
    const row = await w.db
      .insertInto('outbox')
      .values({
        org_id: org.id,
        topic: 'message.changed',
        entity_id: 'later',
        payload: JSON.stringify({}),
        created_at: new Date(Date.now() - 5000),
        available_at: new Date(Date.now() + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const lag = await indexer.lag()
    expect(lag.pending).toBeGreaterThanOrEqual(1)
    expect(lag.oldestMs).toBeGreaterThanOrEqual(4000)
    await w.db.updateTable('outbox').set({ processed_at: new Date() }).where('id', '=', row.id).execute()
  })
})
