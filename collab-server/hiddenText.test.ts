import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  editMessage,
  hideMessage,
  messagesOf,
  postMessage,
  readMessages,
  unhideMessage,
} from '../schema/docs/thread.ts'
import { latestTexts } from '../server/threads/archiveReader.ts'
import { channelFixture, ENGINES, type TestClient, tokenFor, useCollabServer } from './test/harness.ts'

/** Under a loaded machine the server's answer can take seconds. */
const WAIT = { timeout: 10_000, interval: 50 }

/**
 * Hidden text leaves the live document (issue 12, item 3): every reader's replica loses it, only
 * the moderators' history keeps it, and unhiding restores it from there. Hostile plain-Yjs
 * writes that would keep or put text in a hidden message are refused.
 */
const bytesHold = (doc: Y.Doc, text: string) =>
  Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(text, 'utf8'))

const refused = (c: TestClient) => c.events.closes.some((r) => r.startsWith('update_refused'))

describe.each(ENGINES)('hidden text on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  async function thread() {
    const fx = await channelFixture(db())
    const [bob, mod] = [await fx.member('resident'), await fx.member('org_admin')]
    const bobClient = suite.open(suite.server.url, fx.name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(bobClient.provider.synced).toBe(true), WAIT)
    const secret = `call me on 040 ${Math.floor(Math.random() * 1e7)}`
    const message = postMessage(bobClient.doc, { authorId: bob.id, text: secret })
    await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0), WAIT)
    const modClient = suite.open(suite.server.url, fx.name, { token: await tokenFor(db(), mod.token) })
    await vi.waitFor(() => expect(readMessages(modClient.doc)).toHaveLength(1), WAIT)
    const serverDoc = suite.server.collab.hocuspocus.documents.get(fx.name)!
    return { ...fx, bob, mod, bobClient, modClient, serverDoc, message, secret }
  }

  it('hiding removes the text from every replica; the history keeps it; unhiding restores it', async () => {
    const t = await thread()
    hideMessage(t.modClient.doc, t.message.id, t.mod.id, 'personal data')
    await vi.waitFor(
      () => expect(readMessages(t.bobClient.doc)[0]).toMatchObject({ hidden: true, text: '' }),
      WAIT,
    )
    expect(readMessages(t.serverDoc)[0]).toMatchObject({ hidden: true, text: '' })
    // A reader who opens the thread now gets no trace of it, not even a tombstone's bytes.
    const reader = suite.open(suite.server.url, t.name, { token: await tokenFor(db(), t.bob.token) })
    await vi.waitFor(() => expect(reader.provider.synced).toBe(true), WAIT)
    expect(readMessages(reader.doc)).toHaveLength(1)
    expect(bytesHold(reader.doc, t.secret)).toBe(false)
    expect(bytesHold(t.serverDoc, t.secret)).toBe(false)
    // Moderators read it from the history at once.
    await vi.waitFor(
      async () =>
        expect((await latestTexts(db(), t.threadId, [t.message.id])).get(t.message.id)).toBe(t.secret),
      { timeout: 10_000, interval: 50 },
    )

    unhideMessage(t.modClient.doc, t.message.id, t.mod.id)
    await vi.waitFor(
      () => expect(readMessages(t.bobClient.doc)[0]).toMatchObject({ hidden: false, text: t.secret }),
      { timeout: 10_000, interval: 50 },
    )
    expect(readMessages(t.modClient.doc)[0]).toMatchObject({ hidden: false, text: t.secret })
    // Hiding and unhiding are not versions: the history is still the one text Bob wrote.
    await vi.waitFor(
      async () => {
        const versions = await db()
          .selectFrom('message_versions')
          .select('text')
          .where('thread_id', '=', t.threadId)
          .where('message_id', '=', t.message.id)
          .execute()
        expect(versions.map((v) => v.text)).toEqual([t.secret])
        const row = await db()
          .selectFrom('messages')
          .select(['text', 'hidden'])
          .where('thread_id', '=', t.threadId)
          .where('id', '=', t.message.id)
          .executeTakeFirst()
        expect(row).toEqual({ text: t.secret, hidden: false })
      },
      { timeout: 10_000, interval: 100 },
    )
  })

  it('refuses a hide that leaves the text, and text written into a hidden message', async () => {
    const t = await thread()
    // A moderator's client that only flags the message (the old way).
    const before = Y.encodeStateAsUpdate(t.serverDoc)
    messagesOf(t.modClient.doc).get(0)?.set('hidden', true)
    await vi.waitFor(() => expect(refused(t.modClient)).toBe(true), WAIT)
    expect(t.modClient.events.closes.join()).toMatch(/removes its text/)
    expect(Y.encodeStateAsUpdate(t.serverDoc)).toEqual(before)

    const mod = suite.open(suite.server.url, t.name, { token: await tokenFor(db(), t.mod.token) })
    await vi.waitFor(() => expect(mod.provider.synced).toBe(true), WAIT)
    hideMessage(mod.doc, t.message.id, t.mod.id, 'spam')
    await vi.waitFor(
      () => expect(readMessages(t.bobClient.doc)[0]).toMatchObject({ hidden: true, text: '' }),
      WAIT,
    )
    // The author puts the text back (an edit), and a moderator writes some of their own.
    const hidden = Y.encodeStateAsUpdate(t.serverDoc)
    editMessage(t.bobClient.doc, t.message.id, t.secret)
    await vi.waitFor(() => expect(refused(t.bobClient)).toBe(true), WAIT)
    expect(t.bobClient.events.closes.join()).toMatch(/hidden message carries no text/)
    messagesOf(mod.doc).get(0)?.set('text', 'moderator was here')
    await vi.waitFor(() => expect(refused(mod)).toBe(true), WAIT)
    expect(Y.encodeStateAsUpdate(t.serverDoc)).toEqual(hidden)
  })

  it('clears the text of a message hidden before the rule when its thread loads', async () => {
    const fx = await channelFixture(db())
    const [bob, mod] = [await fx.member('resident'), await fx.member('org_admin')]
    // Stored as an older server kept it: hidden, text still there.
    const old = new Y.Doc()
    const message = postMessage(old, { authorId: bob.id, text: 'old secret 12345' })
    messagesOf(old).get(0)?.set('hidden', true)
    messagesOf(old).get(0)?.set('hiddenBy', mod.id)
    await db()
      .insertInto('collab_updates')
      .values({ doc_name: fx.name, update: Y.encodeStateAsUpdate(old), user_id: null })
      .execute()
    const reader = suite.open(suite.server.url, fx.name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(reader.provider.synced).toBe(true), WAIT)
    await vi.waitFor(
      () => expect(readMessages(reader.doc)[0]).toMatchObject({ id: message.id, text: '' }),
      WAIT,
    )
    expect(bytesHold(reader.doc, 'old secret 12345')).toBe(false)
  })
})
