import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseDocName } from '../../schema/docs/names.ts'
import { reactionKey, reactionsOf, readReactions, toggleReaction } from '../../schema/docs/reactions.ts'
import { deleteMessage, hideMessage, postMessage, setThreadLocked } from '../../schema/docs/thread.ts'
import { judgeUpdate } from './rules.ts'

// Plain Yjs against the guard: what a hostile client could send, judged as the server would.
const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const MOD = '33333333-3333-4333-8333-333333333333'
const ref = (() => {
  const parsed = parseDocName(`${crypto.randomUUID()}/thread/${crypto.randomUUID()}`)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.doc
})()

function setup(settings?: { archive: { keep: number; at: number } }) {
  const server = new Y.Doc()
  const bobMessage = postMessage(server, { authorId: BOB, text: 'sauna tonight?' })
  const judge = (userId: string, change: (doc: Y.Doc) => void, moderator = false) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    const sv = Y.encodeStateVector(doc)
    change(doc)
    const update = Y.encodeStateAsUpdate(doc, sv)
    const verdict = judgeUpdate(server, ref, update, { userId, moderator }, settings)
    if (verdict.ok) Y.applyUpdate(server, update)
    return verdict
  }
  const reactions = () => readReactions(reactionsOf(server)).get(bobMessage.id) ?? []
  return { server, bobMessage, judge, reactions }
}

const OK = { ok: true }
const refused = (rule: string) => ({ ok: false, rule })

describe('reaction write rules', () => {
  it('lets a member add and remove their own reaction, and a toggle merged into one update', () => {
    const { bobMessage, judge, reactions } = setup()
    const mine = { messageId: bobMessage.id, reaction: 'thumbsup' as const, userId: ALICE }
    expect(judge(ALICE, (d) => void toggleReaction(d, mine))).toEqual(OK)
    expect(reactions()).toEqual([{ reaction: 'thumbsup', users: [ALICE] }])
    expect(judge(ALICE, (d) => void toggleReaction(d, mine))).toEqual(OK)
    expect(reactions()).toEqual([])
    // Offline: given and taken back before the resync.
    expect(
      judge(ALICE, (d) => {
        toggleReaction(d, { ...mine, reaction: 'heart' })
        toggleReaction(d, { ...mine, reaction: 'heart' })
      }),
    ).toEqual(OK)
    expect(reactions()).toEqual([])
  })

  it('lets a person react to their own message posted in the same update', () => {
    const { judge } = setup()
    const id = crypto.randomUUID()
    expect(
      judge(ALICE, (d) => {
        postMessage(d, { id, authorId: ALICE, text: 'mine' })
        toggleReaction(d, { messageId: id, reaction: 'joy', userId: ALICE })
      }),
    ).toEqual(OK)
  })

  it('refuses a reaction forged in someone else’s name, even by a moderator', () => {
    const { server, bobMessage, judge, reactions } = setup()
    const before = Y.encodeStateAsUpdate(server)
    const bobs = { messageId: bobMessage.id, reaction: 'heart' as const, userId: BOB }
    expect(judge(ALICE, (d) => void toggleReaction(d, bobs))).toEqual(
      refused('a reaction can only be one’s own'),
    )
    expect(judge(MOD, (d) => void toggleReaction(d, bobs), true)).toEqual(
      refused('a reaction can only be one’s own'),
    )
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    expect(reactions()).toEqual([])
  })

  it('refuses removing or overwriting someone else’s reaction, even by a moderator', () => {
    const { server, bobMessage, judge, reactions } = setup()
    const bobs = { messageId: bobMessage.id, reaction: 'heart' as const, userId: BOB }
    expect(judge(BOB, (d) => void toggleReaction(d, bobs))).toEqual(OK)
    const before = Y.encodeStateAsUpdate(server)
    const key = reactionKey(bobs)
    expect(judge(ALICE, (d) => reactionsOf(d).delete(key))).toEqual(
      refused('a reaction can only be one’s own'),
    )
    expect(judge(MOD, (d) => reactionsOf(d).delete(key), true)).toEqual(
      refused('a reaction can only be one’s own'),
    )
    expect(judge(ALICE, (d) => reactionsOf(d).set(key, 1))).toEqual(
      refused('a reaction can only be one’s own'),
    )
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    expect(reactions()).toEqual([{ reaction: 'heart', users: [BOB] }])
  })

  it('refuses anything outside the fixed set and shape', () => {
    const { server, bobMessage, judge } = setup()
    const before = Y.encodeStateAsUpdate(server)
    const key = (reaction: string, extra = '') => `${bobMessage.id}/${reaction}/${ALICE}${extra}`
    const attempts: Array<[string, (d: Y.Doc) => void, string]> = [
      ['an unknown reaction', (d) => reactionsOf(d).set(key('poo'), 1), 'not a reaction'],
      ['a key with more parts', (d) => reactionsOf(d).set(key('heart', '/x'), 1), 'not a reaction'],
      [
        'a text value',
        (d) => reactionsOf(d).set(key('heart'), 'x'),
        'a reaction holds the time it was given',
      ],
      [
        'a nested map',
        (d) => reactionsOf(d).set(key('heart'), new Y.Map()),
        'a reaction holds the time it was given',
      ],
      [
        'a message that is not there',
        (d) => void toggleReaction(d, { messageId: crypto.randomUUID(), reaction: 'heart', userId: ALICE }),
        'a reaction needs a message in the document',
      ],
      [
        'an array in its place',
        (d) => d.getArray('reactions').push([1]),
        'reactions hold keyed entries only',
      ],
    ]
    for (const [what, change, rule] of attempts)
      expect([what, judge(ALICE, change)]).toEqual([what, refused(rule)])
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
  })

  it('refuses reactions on deleted, hidden, archiving messages and in a locked thread; removing mine still works', () => {
    const { server, bobMessage, judge } = setup({ archive: { keep: 2, at: 3 } })
    const react = (messageId: string) => (d: Y.Doc) =>
      void toggleReaction(d, { messageId, reaction: 'wow', userId: ALICE })
    expect(judge(ALICE, react(bobMessage.id))).toEqual(OK)
    deleteMessage(server, bobMessage.id)
    expect(
      judge(
        ALICE,
        (d) => void toggleReaction(d, { messageId: bobMessage.id, reaction: 'sad', userId: ALICE }),
      ),
    ).toEqual(refused('a deleted or hidden message takes no reactions'))
    // Taking back what I gave before it was deleted.
    expect(judge(ALICE, react(bobMessage.id))).toEqual(OK)
    const hidden = postMessage(server, { authorId: BOB, text: 'spam' })
    hideMessage(server, hidden.id, MOD, 'spam')
    expect(judge(ALICE, react(hidden.id))).toEqual(refused('a deleted or hidden message takes no reactions'))
    // Four messages with `at` 3: the oldest two wait for the archive.
    postMessage(server, { authorId: BOB, text: 'three' })
    postMessage(server, { authorId: BOB, text: 'four' })
    expect(judge(ALICE, react(hidden.id))).toEqual(refused('an archived message cannot change'))
    const open = postMessage(server, { authorId: BOB, text: 'five' })
    setThreadLocked(server, true, MOD)
    expect(judge(ALICE, react(open.id))).toEqual(refused('thread is locked'))
  })
})
