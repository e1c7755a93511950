import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { reactionKey, reactionsOf, readReactions, toggleReaction } from '../schema/docs/reactions.ts'
import { postMessage } from '../schema/docs/thread.ts'
import { channelFixture, ENGINES, serverHandled, tokenFor, useCollabServer } from './test/harness.ts'

// Reactions through the real collab server (guard, durable log, other readers), on both engines.
describe.each(ENGINES)('reactions on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db
  const logRowsBy = async (name: string, userId: string) =>
    (
      await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', name)
        .where('user_id', '=', userId)
        .execute()
    ).length

  async function thread() {
    const { name, member } = await channelFixture(db())
    const [alice, bob, mallory, board] = [
      await member('resident'),
      await member('owner'),
      await member('resident'),
      await member('board_member'),
    ]
    const open = async (who: { token: string }) => {
      const c = suite.open(suite.server.url, name, { token: await tokenFor(db(), who.token) })
      await vi.waitFor(() => expect(c.provider.synced).toBe(true))
      return c
    }
    const bobClient = await open(bob)
    const message = postMessage(bobClient.doc, { authorId: bob.id, text: 'sauna tonight?' })
    await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0))
    return { name, alice, bob, mallory, board, open, bobClient, message }
  }

  it('shows a reaction and its removal to the other readers, and logs it', async () => {
    const { name, alice, open, bobClient, message } = await thread()
    const aliceClient = await open(alice)
    await vi.waitFor(() => expect(aliceClient.doc.getArray('messages').length).toBe(1))
    const mine = { messageId: message.id, reaction: 'thanks' as const, userId: alice.id }
    toggleReaction(aliceClient.doc, mine)
    await vi.waitFor(() =>
      expect(readReactions(reactionsOf(bobClient.doc)).get(message.id)).toEqual([
        { reaction: 'thanks', users: [alice.id] },
      ]),
    )
    expect(await logRowsBy(name, alice.id)).toBeGreaterThan(0)
    toggleReaction(aliceClient.doc, mine)
    await vi.waitFor(() => expect(readReactions(reactionsOf(bobClient.doc)).get(message.id)).toBeUndefined())
    expect(aliceClient.events.closes).toEqual([])
  })

  const forgeries: Array<[string, (doc: Y.Doc, bobId: string, messageId: string) => void, boolean]> = [
    [
      'a reaction in someone else’s name',
      (doc, bobId, messageId) =>
        reactionsOf(doc).set(reactionKey({ messageId, reaction: 'sad', userId: bobId }), 1),
      false,
    ],
    [
      'removing someone else’s reaction',
      (doc, bobId, messageId) =>
        reactionsOf(doc).delete(reactionKey({ messageId, reaction: 'heart', userId: bobId })),
      false,
    ],
    [
      'a moderator removing someone else’s reaction',
      (doc, bobId, messageId) =>
        reactionsOf(doc).delete(reactionKey({ messageId, reaction: 'heart', userId: bobId })),
      true,
    ],
  ]

  for (const [what, forge, asModerator] of forgeries) {
    it(`refuses ${what} and leaves the thread as it was`, async () => {
      const { name, bob, mallory, board, open, bobClient, message } = await thread()
      toggleReaction(bobClient.doc, { messageId: message.id, reaction: 'heart', userId: bob.id })
      await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0))
      const attacker = asModerator ? board : mallory
      const hostile = await open(attacker)
      await vi.waitFor(() => expect(reactionsOf(hostile.doc).size).toBe(1))
      const serverDoc = suite.server.collab.hocuspocus.documents.get(name)!
      const before = Y.encodeStateAsUpdate(serverDoc)

      forge(hostile.doc, bob.id, message.id)
      await serverHandled(hostile)

      await vi.waitFor(() =>
        expect(hostile.events.closes.some((r) => r.startsWith('update_refused'))).toBe(true),
      )
      expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(before)
      expect(await logRowsBy(name, attacker.id)).toBe(0)
      expect(readReactions(reactionsOf(bobClient.doc)).get(message.id)).toEqual([
        { reaction: 'heart', users: [bob.id] },
      ])
    })
  }
})
