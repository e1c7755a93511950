import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ThreadArchivePage } from '../../schema/api/threads.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import {
  deleteMessage,
  editMessage,
  hideMessage,
  messagesOf,
  postMessage,
  readMessages,
} from '../../schema/docs/thread.ts'
import { compactDocument, loadDocumentState } from '../../server/docstore/documents.ts'
import { SERVER_LOGGED_ORIGIN } from '../../server/docstore/serverWrites.ts'
import { rebuildProjections } from '../../server/projections/rebuild.ts'
import { createOrg, managedCooperative, member, unique } from '../../server/test/factories.ts'
import { archiveOldMessages } from '../../server/threads/archive.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * The thread archive: once a thread holds more than `at` messages, compaction moves all but the
 * newest `keep` out of the live document; their rows serve GET /api/threads/:id/archive. The
 * document here is the server's copy, written with plain Yjs and compacted the way the collab
 * server does it (compaction projects, then the archive round runs on the live copy).
 */
describe.each(ENGINES)('thread archive on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world(audience: 'members' | 'board' = 'members') {
    const db = t.deps.db
    const home = await managedCooperative(db)
    const away = await createOrg(db)
    const thread = await db
      .insertInto('threads')
      .values({ org_id: home.coop.id, title: unique('Pihapiiri'), audience, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const parsed = parseDocName(docName('thread', home.coop.id, thread.id))
    if (!parsed.ok) throw new Error('bad name')
    return {
      orgId: home.coop.id,
      threadId: thread.id,
      ref: parsed.doc,
      author: await member(db, home.coop.id, 'resident'),
      board: await member(db, home.coop.id, 'board_member'),
      auditor: await member(db, home.coop.id, 'auditor'),
      manager: await member(db, home.mgmt.id, 'property_manager'),
      stranger: await member(db, away.id, 'resident'),
      strangerBoard: await member(db, away.id, 'board_member'),
      strangerManager: await member(db, (await managedCooperative(db)).mgmt.id, 'property_manager'),
    }
  }

  const page = async (token: string, threadId: string, query = '') => {
    const res = await client(t.app, token).get(`/api/threads/${threadId}/archive${query}`)
    return {
      status: res.status,
      body: (await res.json()) as ThreadArchivePage & { error?: { code: string } },
    }
  }

  it('keeps the newest messages live and serves the older ones, in order, a page at a time', async () => {
    const w = await world()
    const db = t.deps.db
    const live = new Y.Doc()
    const file = crypto.randomUUID()
    const posted = Array.from({ length: 12 }, (_, i) =>
      postMessage(live, {
        authorId: w.author.id,
        text: `viesti ${i}`,
        now: 1_000 + i,
        attachments: i < 2 ? [file] : [],
      }),
    )
    editMessage(live, posted[3]!.id, 'viesti 3 (muokattu)')
    deleteMessage(live, posted[1]!.id)
    hideMessage(live, posted[0]!.id, w.board.id, 'Asiaton')
    await compactDocument(db, w.ref, live)

    expect(await archiveOldMessages(db, w.ref, live, { keep: 5, at: 8 })).toBe(7)
    expect(readMessages(live).map((m) => m.text)).toEqual([7, 8, 9, 10, 11].map((i) => `viesti ${i}`))
    // Under the threshold again: the next round does nothing.
    expect(await archiveOldMessages(db, w.ref, live, { keep: 5, at: 8 })).toBe(0)
    // The deletion is a tombstone per message: the document got small.
    const compacted = await compactDocument(db, w.ref, live)
    expect(compacted.snapshotBytes).toBeLessThan(Y.encodeStateAsUpdate(live).byteLength + 1)

    const newest = await page(w.author.token, w.threadId, `?before=${posted[7]!.id}&limit=4`)
    expect(newest.status).toBe(200)
    expect(newest.body.messages.map((m) => m.text)).toEqual([
      'viesti 3 (muokattu)',
      'viesti 4',
      'viesti 5',
      'viesti 6',
    ])
    expect(newest.body.messages[0]).toMatchObject({ editedAt: expect.any(Number), deleted: false })
    expect(newest.body.more).toBe(true)
    const older = await page(w.author.token, w.threadId, `?before=${posted[3]!.id}&limit=4`)
    expect(older.body.more).toBe(false)
    const [hidden, deleted, two] = older.body.messages
    expect(hidden).toMatchObject({
      id: posted[0]!.id,
      text: '',
      hidden: true,
      hiddenReason: 'Asiaton',
      hiddenBy: w.board.id,
      // A hidden or deleted message's files go with its text, except for moderators.
      attachments: [],
    })
    expect(deleted).toMatchObject({ id: posted[1]!.id, text: '', deleted: true, attachments: [] })
    expect(two).toMatchObject({
      id: posted[2]!.id,
      text: 'viesti 2',
      authorId: w.author.id,
      createdAt: 1_002,
    })
    const asModerator = await page(w.manager.token, w.threadId, `?before=${posted[3]!.id}`)
    expect(asModerator.body.messages.slice(0, 2).map((m) => m.attachments)).toEqual([[file], [file]])

    // A projection rebuild reads the live document only: it leaves the archive as it was.
    const before = await page(w.manager.token, w.threadId, `?before=${posted[7]!.id}`)
    const rebuilt = await rebuildProjections(db, { orgId: w.orgId })
    expect(rebuilt.failed).toEqual([])
    expect(await page(w.manager.token, w.threadId, `?before=${posted[7]!.id}`)).toEqual(before)

    // Without `before` (or with one the server does not know): the newest archived page.
    const fallback = await page(w.author.token, w.threadId, `?before=${crypto.randomUUID()}&limit=2`)
    expect(fallback.body.messages.map((m) => m.text)).toEqual(['viesti 5', 'viesti 6'])
    expect((await page(w.auditor.token, w.threadId)).body.messages).toHaveLength(7)
  })

  it('keeps a message live when it changed after the projection', async () => {
    const w = await world()
    const db = t.deps.db
    const live = new Y.Doc()
    const posted = Array.from({ length: 10 }, (_, i) =>
      postMessage(live, { authorId: w.author.id, text: `m${i}` }),
    )
    await compactDocument(db, w.ref, live)
    editMessage(live, posted[2]!.id, 'm2, edited after the compaction')
    expect(await archiveOldMessages(db, w.ref, live, { keep: 4, at: 6 })).toBe(5)
    expect(readMessages(live).map((m) => m.text)).toEqual([
      'm2, edited after the compaction',
      'm6',
      'm7',
      'm8',
      'm9',
    ])
    // The next round, after the next compaction, takes it.
    await compactDocument(db, w.ref, live)
    expect(await archiveOldMessages(db, w.ref, live, { keep: 4, at: 4 })).toBe(1)
    expect(messagesOf(live).length).toBe(4)
    const archived = await page(w.author.token, w.threadId, `?before=${posted[6]!.id}`)
    expect(archived.body.messages.map((m) => m.text)).toContain('m2, edited after the compaction')
  })

  it('removes a large round a slice per turn: others run between slices and every message stays readable', async () => {
    const w = await world()
    const db = t.deps.db
    const live = new Y.Doc()
    const posted = Array.from({ length: 700 }, (_, i) =>
      postMessage(live, { authorId: w.author.id, text: `iso ${i}` }),
    )
    await compactDocument(db, w.ref, live)
    // Each slice is one update with the archive's origin; a post from "another connection" is
    // scheduled after the first one and must run before the round has finished.
    let slices = 0
    let slicesWhenPosted: number | undefined
    live.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== SERVER_LOGGED_ORIGIN) return
      slices++
      if (slices === 1)
        setImmediate(() => {
          slicesWhenPosted = slices
          postMessage(live, { authorId: w.author.id, text: 'kesken' })
        })
    })
    expect(await archiveOldMessages(db, w.ref, live, { keep: 100, at: 200 })).toBe(600)
    expect(slices).toBeGreaterThanOrEqual(3)
    expect(slicesWhenPosted).toBeLessThan(slices)
    expect(readMessages(live).map((m) => m.text)).toEqual([
      ...posted.slice(600).map((_, i) => `iso ${600 + i}`),
      'kesken',
    ])
    const marked = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('thread_id', '=', w.threadId)
      .where('archived_at', 'is not', null)
      .executeTakeFirstOrThrow()
    expect(Number(marked.n)).toBe(600)
    // The stored document (every slice logged) equals the live one once compacted.
    await compactDocument(db, w.ref, live)
    const stored = new Y.Doc()
    Y.applyUpdate(stored, (await loadDocumentState(db, w.ref.name))!)
    expect(readMessages(stored).map((m) => m.id)).toEqual(readMessages(live).map((m) => m.id))
    // And the archive serves the 600, newest first below the live part.
    const first = await page(w.author.token, w.threadId, `?before=${posted[600]!.id}`)
    expect(first.status).toBe(200)
    expect(first.body.messages.at(-1)?.text).toBe('iso 599')
  })

  it('lets moderators hide and unhide an archived message; nobody else', async () => {
    const w = await world()
    const db = t.deps.db
    const live = new Y.Doc()
    const posted = Array.from({ length: 6 }, (_, i) =>
      postMessage(live, { authorId: w.author.id, text: `vanha ${i}` }),
    )
    // Through the update log, as the collab server stores it, so the history has each text.
    await db
      .insertInto('collab_updates')
      .values({ doc_name: w.ref.name, update: Y.encodeStateAsUpdate(live), user_id: w.author.id })
      .execute()
    await compactDocument(db, w.ref, live)
    await archiveOldMessages(db, w.ref, live, { keep: 2, at: 3 })
    const target = posted[1]!.id
    // The paths are written out in full so the isolation coverage check (api/orgs) sees them.
    const act = (token: string, verb: 'hide' | 'unhide', body?: object, messageId = target) =>
      client(t.app, token).post(
        verb === 'hide'
          ? `/api/threads/${w.threadId}/archive/${messageId}/hide`
          : `/api/threads/${w.threadId}/archive/${messageId}/unhide`,
        body,
      )
    const seen = async () =>
      (await page(w.author.token, w.threadId)).body.messages.find((m) => m.id === target)

    for (const who of [w.author, w.board, w.auditor])
      expect((await act(who.token, 'hide', { reason: 'Asiaton' })).status).toBe(403)
    // Another organisation's people, a moderator of their own threads among them: 404, only the error.
    const outsiders = [w.stranger, w.strangerBoard, w.strangerManager]
    for (const who of outsiders) {
      const res = await act(who.token, 'hide', { reason: 'Asiaton' })
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect(await seen()).toMatchObject({ text: 'vanha 1', hidden: false })

    expect((await act(w.manager.token, 'hide', { reason: 'x' })).status).toBe(422)
    expect((await act(w.manager.token, 'hide', { reason: 'Henkilötietoja' })).status).toBe(200)
    expect(await seen()).toMatchObject({
      text: '',
      hidden: true,
      hiddenReason: 'Henkilötietoja',
      hiddenBy: w.manager.id,
    })
    // Moderators still read it (from the history), as in the live document; the author does not.
    const moderatorView = (await page(w.manager.token, w.threadId)).body.messages.find((m) => m.id === target)
    expect(moderatorView).toMatchObject({ text: 'vanha 1', hidden: true, hiddenReason: 'Henkilötietoja' })
    const audited = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', target)
      .execute()
    expect(audited).toEqual([{ action: 'message.hidden', actor_id: w.manager.id }])

    expect((await act(w.author.token, 'unhide')).status).toBe(403)
    for (const who of outsiders) {
      const res = await act(who.token, 'unhide')
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect(await seen()).toMatchObject({ text: '', hidden: true })
    expect((await act(w.manager.token, 'unhide')).status).toBe(200)
    expect(await seen()).toMatchObject({ text: 'vanha 1', hidden: false, hiddenReason: null })
    // Only archived messages: a live one is moderated in the document.
    expect((await act(w.manager.token, 'hide', { reason: 'Asiaton' }, posted[5]!.id)).status).toBe(404)
  })

  it('gives nothing to another organisation or to a member the channel is not for', async () => {
    const w = await world('board')
    const db = t.deps.db
    const live = new Y.Doc()
    for (let i = 0; i < 4; i++) postMessage(live, { authorId: w.board.id, text: `hallitus ${i}` })
    await compactDocument(db, w.ref, live)
    await archiveOldMessages(db, w.ref, live, { keep: 1, at: 2 })

    expect((await page(w.board.token, w.threadId)).body.messages).toHaveLength(3)
    for (const outsider of [w.author, w.stranger, w.strangerBoard]) {
      const res = await page(outsider.token, w.threadId)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    const bad = await page(w.board.token, w.threadId, '?limit=1000')
    expect(bad.status).toBe(422)
    expect((await page(w.board.token, w.threadId, '?before=nope')).status).toBe(422)
    expect((await client(t.app).get(`/api/threads/${w.threadId}/archive`)).status).toBe(401)
  })
})
