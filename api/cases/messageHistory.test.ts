import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { MessageHistory } from '../../schema/api/threads.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { deleteMessage, editMessage, postMessage } from '../../schema/docs/thread.ts'
import { compactDocument } from '../../server/docstore/documents.ts'
import { createOrg, managedCooperative, member, unique } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Message history: every text a message had (original, each edit, the deletion) survives in
 * `message_versions` although the document forgets overwritten text; only moderators and
 * auditors read it. Updates are crafted with plain Yjs and go the way the collab server sends
 * them: appended to the update log, then folded in by compaction (which runs the projection).
 */
describe.each(ENGINES)('message history on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world() {
    const db = t.deps.db
    const home = await managedCooperative(db)
    const away = await createOrg(db)
    const thread = await db
      .insertInto('threads')
      .values({ org_id: home.coop.id, title: unique('Pihapiiri'), audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const parsed = parseDocName(docName('thread', home.coop.id, thread.id))
    if (!parsed.ok) throw new Error('bad name')
    return {
      home,
      threadId: thread.id,
      ref: parsed.doc,
      author: await member(db, home.coop.id, 'resident'),
      neighbour: await member(db, home.coop.id, 'resident'),
      board: await member(db, home.coop.id, 'board_member'),
      auditor: await member(db, home.coop.id, 'auditor'),
      manager: await member(db, home.mgmt.id, 'property_manager'),
      stranger: await member(db, away.id, 'resident'),
    }
  }

  /** A writer whose every transaction becomes one log row, as the persistence extension stores it. */
  function writer(w: Awaited<ReturnType<typeof world>>, server: Y.Doc) {
    const doc = new Y.Doc()
    const pending: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => pending.push(u))
    return {
      doc,
      async flush(userId: string) {
        for (const update of pending.splice(0)) {
          await t.deps.db
            .insertInto('collab_updates')
            .values({ doc_name: w.ref.name, update, user_id: userId })
            .execute()
          Y.applyUpdate(server, update)
        }
      },
    }
  }

  const history = (token: string, threadId: string, messageId: string) =>
    client(t.app, token).get(`/api/threads/${threadId}/messages/${messageId}/history`)

  it('keeps the original, every edit (also one never compacted alone) and the deletion', async () => {
    const w = await world()
    const db = t.deps.db
    const server = new Y.Doc()
    const alice = writer(w, server)
    const message = postMessage(alice.doc, { authorId: w.author.id, text: 'Alkuperäinen' })
    await alice.flush(w.author.id)
    await compactDocument(db, w.ref, server)

    // Two edits between compactions: the document keeps only the last, the history both.
    editMessage(alice.doc, message.id, 'Ensimmäinen muokkaus')
    await alice.flush(w.author.id)
    editMessage(alice.doc, message.id, 'Toinen muokkaus')
    await alice.flush(w.author.id)
    await compactDocument(db, w.ref, server)
    deleteMessage(alice.doc, message.id)
    await alice.flush(w.author.id)
    await compactDocument(db, w.ref, server)
    // A compaction with nothing new adds nothing.
    await compactDocument(db, w.ref, server)

    const row = await db
      .selectFrom('messages')
      .select(['text', 'deleted'])
      .where('thread_id', '=', w.threadId)
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ text: '', deleted: true })

    const res = await history(w.manager.token, w.threadId, message.id)
    expect(res.status).toBe(200)
    const body = (await res.json()) as MessageHistory
    expect(body.versions.map((v) => [v.text, v.deleted])).toEqual([
      ['Alkuperäinen', false],
      ['Ensimmäinen muokkaus', false],
      ['Toinen muokkaus', false],
      ['', true],
    ])
    expect(
      body.versions.every((v) => v.editedBy?.id === w.author.id && v.editedBy.name === w.author.name),
    ).toBe(true)
    const times = body.versions.map((v) => Date.parse(v.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))

    // The auditor reads it too.
    const audit = await history(w.auditor.token, w.threadId, message.id)
    expect(audit.status).toBe(200)
    expect(((await audit.json()) as MessageHistory).versions).toHaveLength(4)

    // History rows cannot be rewritten.
    await expect(
      db.updateTable('message_versions').set({ text: 'x' }).where('thread_id', '=', w.threadId).execute(),
    ).rejects.toThrow()
  })

  it('gives members without the role 403, strangers and unknown messages 404, with nothing else', async () => {
    const w = await world()
    const server = new Y.Doc()
    const alice = writer(w, server)
    const message = postMessage(alice.doc, { authorId: w.author.id, text: 'Salainen alkuteksti' })
    await alice.flush(w.author.id)
    await compactDocument(t.deps.db, w.ref, server)

    for (const who of [w.author, w.neighbour, w.board]) {
      const res = await history(who.token, w.threadId, message.id)
      expect(res.status).toBe(403)
      const text = await res.text()
      expect(text).not.toContain('Salainen')
      expect(JSON.parse(text)).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
    }
    const stranger = await history(w.stranger.token, w.threadId, message.id)
    expect(stranger.status).toBe(404)
    expect(Object.keys((await stranger.json()) as object)).toEqual(['error'])
    expect((await history(w.manager.token, w.threadId, crypto.randomUUID())).status).toBe(404)
    expect((await history(w.manager.token, w.threadId, 'not-a-uuid')).status).toBe(422)
    expect(
      (await client(t.app).get(`/api/threads/${w.threadId}/messages/${message.id}/history`)).status,
    ).toBe(401)
  })
})
