import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { deleteMessage, editMessage, postMessage } from '../schema/docs/thread.ts'
import type { Connected, DB } from '../server/db/connect.ts'
import { rebuildProjections } from '../server/projections/rebuild.ts'
import {
  channelFixture,
  connectTestDb,
  ENGINES,
  openClient,
  startCollab,
  type TestCollab,
  tokenFor,
} from './test/harness.ts'

const messageRows = (db: DB, threadId: string) =>
  db
    .selectFrom('messages')
    .select([
      'org_id',
      'thread_id',
      'id',
      'author_id',
      'text',
      'created_at',
      'edited_at',
      'deleted',
      'hidden',
    ])
    .where('thread_id', '=', threadId)
    .orderBy('id')
    .execute()

/** Message history (original, edits, deletion): kept by the live projection, untouched by a rebuild. */
const versionRows = (db: DB, threadId: string) =>
  db.selectFrom('message_versions').selectAll().where('thread_id', '=', threadId).orderBy('version').execute()

describe.each(ENGINES)('rebuild:projections on %s', (engine) => {
  let connected: Connected
  let server: TestCollab
  beforeAll(async () => {
    connected = await connectTestDb(engine)
    server = await startCollab(connected.db)
  })
  afterAll(async () => {
    await server.close()
    await connected.close()
  })

  /** A channel with live traffic, projected by the running server, then closed and unloaded. */
  async function liveChannel(posts: number) {
    const db = connected.db
    const channel = await channelFixture(db)
    const [alice, bob] = [await channel.member('resident'), await channel.member('owner')]
    const a = openClient(server.url, channel.name, { token: await tokenFor(db, alice.token) })
    const b = openClient(server.url, channel.name, { token: await tokenFor(db, bob.token) })
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true))
    const mine = Array.from({ length: posts }, (_, i) =>
      postMessage(a.doc, { authorId: alice.id, text: `hei ${i}` }),
    )
    const theirs = postMessage(b.doc, { authorId: bob.id, text: 'moi' })
    editMessage(a.doc, mine[0]!.id, 'hei (muokattu)')
    deleteMessage(b.doc, theirs.id)
    await vi.waitFor(() => expect(a.provider.unsyncedChanges + b.provider.unsyncedChanges).toBe(0))
    a.destroy()
    b.destroy()
    // Unloading stores (and projects) once more; after that nothing but the rebuild writes rows.
    await vi.waitFor(() => expect(server.collab.hocuspocus.documents.has(channel.name)).toBe(false), {
      timeout: 10_000,
    })
    const live = await messageRows(db, channel.threadId)
    expect(live).toHaveLength(posts + 1)
    expect(live.find((r) => r.id === mine[0]!.id)).toMatchObject({ text: 'hei (muokattu)' })
    expect(live.find((r) => r.id === theirs.id)).toMatchObject({ deleted: true, text: '' })
    const versions = await versionRows(db, channel.threadId)
    // Each post, the edit of the first and the deletion of Bob's.
    expect(versions).toHaveLength(posts + 1 + 2)
    expect(versions.filter((v) => v.message_id === mine[0]!.id).map((v) => v.text)).toEqual(
      expect.arrayContaining(['hei 0', 'hei (muokattu)']),
    )
    return { ...channel, live, versions, firstId: mine[0]!.id, secondId: mine[1]!.id }
  }

  it('gives the rows the live projection gave, for one organisation or for all', async () => {
    const db = connected.db
    const home = await liveChannel(3)
    const other = await liveChannel(2)

    // Lose one row and let two drift, in both organisations.
    await db.deleteFrom('messages').where('id', '=', home.firstId).execute()
    await db.updateTable('messages').set({ text: 'drift' }).where('id', '=', home.secondId).execute()
    await db.updateTable('messages').set({ text: 'drift' }).where('id', '=', other.firstId).execute()
    expect(await messageRows(db, home.threadId)).not.toEqual(home.live)

    const one = await rebuildProjections(db, { orgId: home.org.id })
    expect(one.failed).toEqual([])
    expect(one.projected).toBe(1)
    expect(await messageRows(db, home.threadId)).toEqual(home.live)
    // Another organisation's rows are not touched by an org-scoped rebuild.
    expect((await messageRows(db, other.threadId)).find((r) => r.id === other.firstId)?.text).toBe('drift')

    const all = await rebuildProjections(db)
    // The database holds the documents of this file's earlier tests too: only this test's
    // documents are asserted.
    const ours = (name: string) => name.startsWith(`${home.org.id}/`) || name.startsWith(`${other.org.id}/`)
    expect(all.failed.filter((f) => ours(f.name))).toEqual([])
    expect(all.projected).toBeGreaterThanOrEqual(2)
    expect(await messageRows(db, other.threadId)).toEqual(other.live)
    expect(await messageRows(db, home.threadId)).toEqual(home.live)
    expect(await versionRows(db, home.threadId)).toEqual(home.versions)
    expect(await versionRows(db, other.threadId)).toEqual(other.versions)
  })

  it('rebuilds a document that exists only as log rows (never compacted)', async () => {
    const db = connected.db
    const channel = await channelFixture(db)
    const alice = await channel.member('resident')
    const doc = new Y.Doc()
    const message = postMessage(doc, { authorId: alice.id, text: 'vain lokissa' })
    await db
      .insertInto('collab_updates')
      .values({ doc_name: channel.name, update: Y.encodeStateAsUpdate(doc), user_id: alice.id })
      .execute()
    expect(await messageRows(db, channel.threadId)).toEqual([])
    const result = await rebuildProjections(db, { orgId: channel.org.id })
    expect(result).toMatchObject({ projected: 1, failed: [] })
    expect(await messageRows(db, channel.threadId)).toEqual([
      expect.objectContaining({ id: message.id, author_id: alice.id, text: 'vain lokissa' }),
    ])
    const versions = await versionRows(db, channel.threadId)
    expect(versions).toEqual([
      expect.objectContaining({ message_id: message.id, text: 'vain lokissa', edited_by: alice.id }),
    ])
    // Rebuilding again inserts nothing new.
    await rebuildProjections(db, { orgId: channel.org.id })
    expect(await versionRows(db, channel.threadId)).toEqual(versions)
  })
})
