import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { messageDeliveries } from '../collab-server/notifications/messageDeliveries.ts'
import { docName, parseDocName } from '../schema/docs/names.ts'
import { postMessage } from '../schema/docs/thread.ts'
import type { Connected } from '../server/db/connect.ts'
import { compactDocument } from '../server/docstore/documents.ts'
import { SERVER_LOGGED_ORIGIN } from '../server/docstore/serverWrites.ts'
import { ENGINES } from '../server/test/engines.ts'
import { managedCooperative, member, unique } from '../server/test/factories.ts'
import { connectTestDatabase } from '../server/test/pgliteSnapshot.ts'
import { archiveOldMessages } from '../server/threads/archive.ts'

/**
 * Who takes part in a thread (issue 21 (b)): kept in `thread_participants` by triggers on
 * `messages` as rows are written and removed, so the notifier reads a few rows instead of every
 * author of the thread's whole history. It must say what `SELECT author_id, count(*)` would say
 * after posts, an archive round (rows stay: archived writers still take part) and removal
 * (as retention deletes archived rows; a writer with none left stops taking part).
 */
describe.each(ENGINES)('thread participants on %s', (engine) => {
  let connected: Connected
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
  })
  afterAll(() => connected.close())

  async function world() {
    const db = connected.db
    const home = await managedCooperative(db)
    const thread = await db
      .insertInto('threads')
      .values({ org_id: home.coop.id, title: unique('Pihapiiri'), audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const parsed = parseDocName(docName('thread', home.coop.id, thread.id))
    if (!parsed.ok) throw new Error(parsed.reason)
    const doc = new Y.Doc()
    const appended: Promise<unknown>[] = []
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      // An archive round logs its own deletion (threads/archive.ts).
      if (origin === SERVER_LOGGED_ORIGIN) return
      appended.push(
        db
          .insertInto('collab_updates')
          .values({ doc_name: parsed.doc.name, update: u, user_id: null })
          .execute(),
      )
    })
    const compact = async () => {
      await Promise.all(appended)
      await compactDocument(db, parsed.doc, doc, undefined, true)
    }
    return {
      orgId: home.coop.id,
      threadId: thread.id,
      ref: parsed.doc,
      doc,
      compact,
      anna: await member(db, home.coop.id, 'resident'),
      bertil: await member(db, home.coop.id, 'board_member'),
    }
  }

  const kept = async (threadId: string) =>
    Object.fromEntries(
      (
        await connected.db
          .selectFrom('thread_participants')
          .select(['user_id', 'messages'])
          .where('thread_id', '=', threadId)
          .execute()
      ).map((r) => [r.user_id, r.messages]),
    )
  const counted = async (threadId: string) =>
    Object.fromEntries(
      (
        await connected.db
          .selectFrom('messages')
          .select(['author_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('thread_id', '=', threadId)
          .groupBy('author_id')
          .execute()
      ).map((r) => [r.author_id, Number(r.n)]),
    )

  it('follows posts, an archive round and removal, and the notifier reads it', async () => {
    const w = await world()
    const db = connected.db
    const post = (by: { id: string }, text: string) => postMessage(w.doc, { authorId: by.id, text })
    post(w.anna, 'a1')
    post(w.anna, 'a2')
    post(w.bertil, 'b1')
    post(w.bertil, 'b2')
    await w.compact()
    post(w.anna, 'a3')
    await w.compact()
    expect(await kept(w.threadId)).toEqual({ [w.anna.id]: 3, [w.bertil.id]: 2 })
    expect(await kept(w.threadId)).toEqual(await counted(w.threadId))

    // A new message from Anna reaches Bertil, who has written here.
    const news = async () => {
      const m = post(w.anna, unique('news'))
      await w.compact()
      const row = {
        id: unique('row'),
        orgId: w.orgId,
        topic: 'notify',
        entityId: w.threadId,
        payload: {},
        attempts: 0,
      }
      const payload = {
        type: 'messages' as const,
        threadId: w.threadId,
        messages: [{ id: m.id, authorId: w.anna.id, text: m.text }],
      }
      return (await messageDeliveries(db, row, payload)).map((d) => d.userId)
    }
    expect(await news()).toEqual([w.bertil.id])

    // The archive round takes all but the newest message out of the document: rows stay.
    expect(await archiveOldMessages(db, w.ref, w.doc, { keep: 1, at: 2 })).toBe(5)
    await w.compact()
    expect(await kept(w.threadId)).toEqual({ [w.anna.id]: 4, [w.bertil.id]: 2 })

    // Removal of the archived rows, as retention removes them (one statement, as
    // `applyRetention` does). Bertil has written nothing that is left.
    const removed = await db
      .deleteFrom('messages')
      .where('thread_id', '=', w.threadId)
      .where('archived_at', 'is not', null)
      .executeTakeFirst()
    expect(Number(removed.numDeletedRows)).toBe(5)
    expect(await kept(w.threadId)).toEqual({ [w.anna.id]: 1 })
    expect(await kept(w.threadId)).toEqual(await counted(w.threadId))
    expect(await news()).toEqual([])

    // One row deleted outright; and an author changed (nothing does it today; the count moves).
    const [last] = await db
      .selectFrom('messages')
      .select('id')
      .where('thread_id', '=', w.threadId)
      .orderBy('seq', 'desc')
      .limit(1)
      .execute()
    await db
      .updateTable('messages')
      .set({ author_id: w.bertil.id })
      .where('thread_id', '=', w.threadId)
      .where('id', '=', last!.id)
      .execute()
    expect(await kept(w.threadId)).toEqual(await counted(w.threadId))
    await db.deleteFrom('messages').where('thread_id', '=', w.threadId).where('id', '=', last!.id).execute()
    expect(await kept(w.threadId)).toEqual(await counted(w.threadId))
  })
})
