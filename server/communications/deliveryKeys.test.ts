import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import { ENGINES } from '../test/engines.ts'
import { addMembership, createOrg, createUser } from '../test/factories.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { enqueueAudience } from './enqueueAudience.ts'

/**
 * Migration 0047: the keys of `communication_deliveries` are checked per statement (0041 dropped
 * the per-row foreign keys for insert speed). A delivery row cannot name another organisation's
 * communication (a tenant leak into send lists and counts), nor a user that does not exist, nor
 * be moved to one; a communication or user with deliveries cannot be deleted. A bad row among
 * many refuses the whole statement; the set-based send still writes its rows.
 */
describe.each(ENGINES)('delivery key checks on %s', (engine) => {
  let connected: Connected
  let coop: { id: string }
  let other: { id: string }
  let commId: string
  let userId: string
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
    const db = connected.db
    coop = await createOrg(db)
    other = await createOrg(db)
    const users = [await createUser(db), await createUser(db)]
    for (const u of users) await addMembership(db, coop.id, u.id, 'owner')
    userId = users[0]!.id
    const org = {
      id: coop.id,
      kind: 'housing_cooperative' as const,
      status: 'active' as const,
      managedBy: null,
    }
    const sent = await db.transaction().execute((trx) =>
      enqueueAudience(
        trx,
        org,
        { segments: [{}] },
        {
          orgId: coop.id,
          senderId: null,
          subject: 'S',
          body: 'B',
          override: {},
          scheduledAt: new Date(),
        },
      ),
    )
    expect(sent.rows).toBeGreaterThanOrEqual(2)
    commId = sent.id
  })
  afterAll(() => connected.close())

  const code = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: { code?: string; cause?: { code?: string } }) => err,
    )
    return e ? (e.code ?? e.cause?.code ?? 'error') : 'passed'
  }
  const insert = (rows: Array<{ org: string; comm: string; user: string; channel: string }>) =>
    sql`INSERT INTO communication_deliveries (org_id, communication_id, user_id, channel)
        SELECT * FROM (VALUES ${sql.join(
          rows.map((r) => sql`(${r.org}::uuid, ${r.comm}::uuid, ${r.user}::uuid, ${r.channel})`),
        )}) v`.execute(connected.db)
  const count = async () =>
    Number(
      (
        await sql<{
          n: string
        }>`SELECT count(*) AS n FROM communication_deliveries WHERE communication_id = ${commId}`.execute(
          connected.db,
        )
      ).rows[0]!.n,
    )

  it("a delivery naming another organisation's communication, or no user, is refused", async () => {
    const before = await count()
    // The communication is coop's; the row says the other cooperative's.
    expect(await code(insert([{ org: other.id, comm: commId, user: userId, channel: 'letter' }]))).toBe(
      '23503',
    )
    expect(
      await code(insert([{ org: coop.id, comm: commId, user: crypto.randomUUID(), channel: 'letter' }])),
    ).toBe('23503')
    expect(
      await code(insert([{ org: coop.id, comm: crypto.randomUUID(), user: userId, channel: 'letter' }])),
    ).toBe('23503')
    // One bad row among good ones: the whole statement goes.
    const stranger = await createUser(connected.db)
    expect(
      await code(
        insert([
          { org: coop.id, comm: commId, user: userId, channel: 'letter' },
          { org: coop.id, comm: commId, user: stranger.id, channel: 'letter' },
          { org: other.id, comm: commId, user: stranger.id, channel: 'sms' },
        ]),
      ),
    ).toBe('23503')
    expect(await count()).toBe(before)
    // The same rows with the right keys pass.
    expect(
      await code(
        insert([
          { org: coop.id, comm: commId, user: userId, channel: 'letter' },
          { org: coop.id, comm: commId, user: stranger.id, channel: 'letter' },
        ]),
      ),
    ).toBe('passed')
    expect(await count()).toBe(before + 2)
  })

  it('a delivery cannot be moved to another organisation or user; status updates pass', async () => {
    const db = connected.db
    const move = (set: Record<string, string>) =>
      db
        .updateTable('communication_deliveries')
        .set(set)
        .where('communication_id', '=', commId)
        .where('user_id', '=', userId)
        .where('channel', '=', 'portal')
        .execute()
    expect(await code(move({ org_id: other.id }))).toBe('23503')
    expect(await code(move({ user_id: crypto.randomUUID() }))).toBe('23503')
    expect(await code(move({ status: 'read' }))).toBe('passed')
  })

  it('a communication or a user with deliveries cannot be deleted or moved; without deliveries they can', async () => {
    const db = connected.db
    // Someone whose only row elsewhere is a delivery (no membership, whose own key would refuse).
    const only = await createUser(db)
    await insert([{ org: coop.id, comm: commId, user: only.id, channel: 'sms' }])
    const empty = await db
      .insertInto('communications')
      .values({
        org_id: coop.id,
        subject: 'S',
        body: 'B',
        audience: jsonb({ segments: [] }),
        override: jsonb({}),
        scheduled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const spare = await createUser(db)
    expect(await code(db.deleteFrom('communications').where('id', '=', commId).execute())).toBe('23503')
    expect(
      await code(
        db.updateTable('communications').set({ org_id: other.id }).where('id', '=', commId).execute(),
      ),
    ).toBe('23503')
    expect(await code(db.deleteFrom('users').where('id', '=', only.id).execute())).toBe('23503')
    expect(await code(db.deleteFrom('communications').where('id', '=', empty.id).execute())).toBe('passed')
    expect(await code(db.deleteFrom('users').where('id', '=', spare.id).execute())).toBe('passed')
  })
})
