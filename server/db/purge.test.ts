import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../test/engines.ts'
import { createOrg } from '../test/factories.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import type { Connected } from './connect.ts'
import { allowHistoryPurge } from './purge.ts'

/**
 * The message history stays append-only (migration 0008) except inside a transaction that says it
 * purges (0045: erasure and retention): there its deletes pass, and only there; updates never do.
 */
describe.each(ENGINES)('message history purge on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  it('refuses deletes and updates, except deletes in a purging transaction', async () => {
    const db = connected.db
    const org = await createOrg(db)
    const thread = await db
      .insertInto('threads')
      .values({ org_id: org.id, title: 'Piha', audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = (n: number) => ({
      org_id: org.id,
      thread_id: thread.id,
      message_id: 'm1',
      version: `1:${n}`,
      text: `v${n}`,
      edited_at: new Date(),
    })
    await db
      .insertInto('message_versions')
      .values([row(1), row(2)])
      .execute()
    const left = async () =>
      (await db.selectFrom('message_versions').select('text').where('thread_id', '=', thread.id).execute())
        .map((r) => r.text)
        .sort()

    await expect(
      db.deleteFrom('message_versions').where('thread_id', '=', thread.id).execute(),
    ).rejects.toThrow('append-only')
    await expect(
      db.transaction().execute(async (trx) => {
        await allowHistoryPurge(trx)
        await trx
          .updateTable('message_versions')
          .set({ text: 'forged' })
          .where('thread_id', '=', thread.id)
          .execute()
      }),
    ).rejects.toThrow('append-only')
    expect(await left()).toEqual(['v1', 'v2'])

    await db.transaction().execute(async (trx) => {
      await allowHistoryPurge(trx)
      await trx
        .deleteFrom('message_versions')
        .where('version', '=', '1:1')
        .where('thread_id', '=', thread.id)
        .execute()
    })
    expect(await left()).toEqual(['v2'])
    // The permission ended with its transaction.
    await expect(
      db.deleteFrom('message_versions').where('thread_id', '=', thread.id).execute(),
    ).rejects.toThrow('append-only')
    expect(await left()).toEqual(['v2'])
  })
})
