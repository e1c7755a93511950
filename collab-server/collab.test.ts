import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'
import { hashSecret } from '../server/auth/sessions.ts'
import { createOrg, member } from '../server/test/factories.ts'
import {
  channelFixture,
  ENGINES,
  serverHandled,
  startCollab,
  tokenFor,
  useCollabServer,
} from './test/harness.ts'

describe.each(ENGINES)('collab server on %s', (engine) => {
  const suite = useCollabServer(engine)
  const open = suite.open

  const db = suite.db
  const logRows = async (name: string) =>
    (await db().selectFrom('collab_updates').select('id').where('doc_name', '=', name).execute()).length
  const logRowsBy = async (name: string, userId: string) =>
    (
      await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', name)
        .where('user_id', '=', userId)
        .execute()
    ).length

  describe('auth matrix', () => {
    it('refuses a connection without a session', async () => {
      const { name } = await channelFixture(db())
      const c = open(suite.server.url, name, {})
      await vi.waitFor(() => expect(c.events.denied).toEqual(['unauthenticated']))
    })

    it('refuses an expired token', async () => {
      const { name, member } = await channelFixture(db())
      const alice = await member('resident')
      const sessionId = alice.token.split('.')[0]!
      const expired = `expired-${crypto.randomUUID()}`
      await db()
        .insertInto('collab_tokens')
        .values({
          token_hash: hashSecret(expired),
          user_id: alice.id,
          session_id: sessionId,
          expires_at: new Date(Date.now() - 1000),
        })
        .execute()
      const c = open(suite.server.url, name, { token: expired })
      await vi.waitFor(() => expect(c.events.denied).toEqual(['unauthenticated']))
    })

    it('refuses a member of another organisation, even with the right org in the name', async () => {
      const { name } = await channelFixture(db())
      const other = await createOrg(db())
      const outsider = await member(db(), other.id, 'board_member')
      const c = open(suite.server.url, name, { token: await tokenFor(db(), outsider.token) })
      await vi.waitFor(() => expect(c.events.denied).toEqual(['forbidden']))
    })

    it('refuses a member without the role the channel needs', async () => {
      const board = await channelFixture(db(), 'board')
      const resident = await board.member('resident')
      const c = open(suite.server.url, board.name, { token: await tokenFor(db(), resident.token) })
      await vi.waitFor(() => expect(c.events.denied).toEqual(['forbidden']))
    })

    it('refuses a malformed document name with a reason', async () => {
      const { member } = await channelFixture(db())
      const alice = await member('resident')
      const c = open(suite.server.url, 'not/a/doc', { token: await tokenFor(db(), alice.token) })
      await vi.waitFor(() => expect(c.events.denied[0]).toMatch(/^invalid_document_name: /))
    })

    it('gives a read-only role a read-only connection whose writes are not applied', async () => {
      const { name, member } = await channelFixture(db())
      const auditor = await member('auditor')
      const c = open(suite.server.url, name, { token: await tokenFor(db(), auditor.token) })
      await vi.waitFor(() => expect(c.events.authenticated).toEqual(['readonly']))
      await vi.waitFor(() => expect(c.provider.synced).toBe(true))
      postMessage(c.doc, { authorId: auditor.id, text: 'should not land' })
      await serverHandled(c)
      expect(readMessages(suite.server.collab.hocuspocus.documents.get(name)!)).toEqual([])
      expect(await logRows(name)).toBe(0)
    })

    it('lets a writer post through a token and through the session cookie', async () => {
      const { name, member } = await channelFixture(db())
      const alice = await member('resident')
      const viaToken = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
      await vi.waitFor(() => expect(viaToken.events.authenticated).toEqual(['read-write']))
      const viaCookie = open(suite.server.url, name, { cookie: alice.token })
      await vi.waitFor(() => expect(viaCookie.events.authenticated).toEqual(['read-write']))
      await vi.waitFor(() => expect(viaCookie.provider.synced).toBe(true))
      postMessage(viaToken.doc, { authorId: alice.id, text: 'hei naapurit' })
      await vi.waitFor(() => expect(readMessages(viaCookie.doc).map((m) => m.text)).toEqual(['hei naapurit']))
    })
  })

  describe('durable before acknowledged', () => {
    it('has the update in the log when the client is told it is saved', async () => {
      const { name, member } = await channelFixture(db())
      const alice = await member('resident')
      const c = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
      await vi.waitFor(() => expect(c.provider.synced).toBe(true))
      const rowsAtAck: number[] = []
      c.provider.on('unsyncedChanges', async () => {
        if (c.provider.unsyncedChanges === 0) rowsAtAck.push(await logRows(name))
      })
      postMessage(c.doc, { authorId: alice.id, text: 'saved?' })
      await vi.waitFor(() => expect(rowsAtAck.length).toBeGreaterThan(0))
      // Compaction may already have folded it into the snapshot; either way it is stored.
      const stored = await db()
        .selectFrom('collab_documents')
        .select('name')
        .where('name', '=', name)
        .execute()
      expect(rowsAtAck[0]! > 0 || stored.length === 1).toBe(true)
    })

    it('loads snapshot + log tail after a restart, and projects messages', async () => {
      const { name, member, threadId } = await channelFixture(db())
      const alice = await member('resident')
      const c = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
      await vi.waitFor(() => expect(c.provider.synced).toBe(true))
      postMessage(c.doc, { authorId: alice.id, text: 'first' })
      await vi.waitFor(async () =>
        expect(
          await db().selectFrom('messages').select('text').where('thread_id', '=', threadId).execute(),
        ).toEqual([{ text: 'first' }]),
      )
      postMessage(c.doc, { authorId: alice.id, text: 'second' })
      await vi.waitFor(() => expect(c.provider.unsyncedChanges).toBe(0))

      const second = await startCollab(db())
      try {
        const d = open(second.url, name, { token: await tokenFor(db(), alice.token) })
        await vi.waitFor(() => expect(readMessages(d.doc).map((m) => m.text)).toEqual(['first', 'second']))
        const outbox = await db()
          .selectFrom('outbox')
          .select('topic')
          .where('org_id', '=', name.split('/')[0]!)
          .execute()
        expect(outbox.length).toBeGreaterThan(0)
      } finally {
        await second.close()
      }
    })

    it('refuses the connection when the stored document cannot be loaded', async () => {
      const { name, member, org } = await channelFixture(db())
      const alice = await member('resident')
      await db()
        .insertInto('collab_documents')
        .values({ name, org_id: org.id, kind: 'thread', snapshot: new Uint8Array([9, 9, 9, 9]) })
        .execute()
      const c = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
      await vi.waitFor(() => expect(c.events.denied).toEqual(['document_unavailable']))
      const row = await db()
        .selectFrom('collab_documents')
        .select('snapshot')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      expect(Array.from(row.snapshot)).toEqual([9, 9, 9, 9])
    })
  })

  describe('forgery with plain Yjs', () => {
    const forgeries: Array<[string, (doc: Y.Doc, aliceId: string, bobId: string) => void]> = [
      ['change another user’s message', (doc) => messagesOf(doc).get(0)?.set('text', 'pwned')],
      [
        'insert a message authored by someone else',
        (doc, _a, bob) => {
          const m = new Y.Map<unknown>()
          for (const [k, v] of Object.entries({
            id: crypto.randomUUID(),
            authorId: bob,
            text: 'fake',
            createdAt: 1,
          }))
            m.set(k, v)
          doc.getArray('messages').push([m])
        },
      ],
      ['unhide a hidden message', (doc) => messagesOf(doc).get(0)?.set('hidden', false)],
      ['unlock the thread', (doc) => doc.getMap('meta').set('locked', false)],
      ['write outside the shape', (doc) => doc.getMap('settings').set('owner', 'me')],
      ['remove a message', (doc) => messagesOf(doc).delete(0, 1)],
    ]

    for (const [what, forge] of forgeries) {
      it(`refuses: ${what}`, async () => {
        const { name, member } = await channelFixture(db())
        const [alice, bob] = [await member('resident'), await member('owner')]
        const bobClient = open(suite.server.url, name, { token: await tokenFor(db(), bob.token) })
        await vi.waitFor(() => expect(bobClient.provider.synced).toBe(true))
        const bobMessage = postMessage(bobClient.doc, { authorId: bob.id, text: 'bob was here' })
        await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0))
        // Prepare state the forgery tries to undo: hidden message, locked thread (written server-side).
        const serverDoc = suite.server.collab.hocuspocus.documents.get(name)!
        if (what.includes('unhide')) messagesOf(serverDoc).get(0)?.set('hidden', true)
        if (what.includes('unlock')) serverDoc.getMap('meta').set('locked', true)

        const aliceClient = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
        await vi.waitFor(() => expect(aliceClient.provider.synced).toBe(true))
        await vi.waitFor(() => expect(readMessages(aliceClient.doc)).toHaveLength(1))
        const before = Y.encodeStateAsUpdate(serverDoc)

        forge(aliceClient.doc, alice.id, bob.id)

        await vi.waitFor(() =>
          expect(aliceClient.events.closes.some((r) => r.startsWith('update_refused'))).toBe(true),
        )
        expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(before)
        // Nothing of Alice's reached the log. (Counting all rows was racy: compaction may fold
        // Bob's row into the snapshot meanwhile, and the server-side prep writes rows of its own.)
        expect(await logRowsBy(name, alice.id)).toBe(0)
        expect(readMessages(bobClient.doc)).toEqual([
          expect.objectContaining({ id: bobMessage.id, text: 'bob was here' }),
        ])
        expect(bobClient.doc.share.has('settings')).toBe(false)
        expect(aliceClient.provider.unsyncedChanges).toBeGreaterThan(0)
      })
    }
  })
})
