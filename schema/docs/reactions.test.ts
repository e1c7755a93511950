import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  parseReactionKey,
  reactionKey,
  reactionsOf,
  readReactions,
  removeReactionsOf,
  toggleReaction,
} from './reactions.ts'

const MSG = '44444444-4444-4444-8444-444444444444'
const OTHER = '55555555-5555-4555-8555-555555555555'
const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'

describe('thread reactions', () => {
  it('toggles one entry per person, reaction and message, and reads them in the fixed order', () => {
    const doc = new Y.Doc()
    expect(toggleReaction(doc, { messageId: MSG, reaction: 'heart', userId: BOB }, 2)).toBe(true)
    expect(toggleReaction(doc, { messageId: MSG, reaction: 'thumbsup', userId: BOB }, 3)).toBe(true)
    expect(toggleReaction(doc, { messageId: MSG, reaction: 'thumbsup', userId: ALICE }, 1)).toBe(true)
    expect(readReactions(reactionsOf(doc)).get(MSG)).toEqual([
      { reaction: 'thumbsup', users: [ALICE, BOB] },
      { reaction: 'heart', users: [BOB] },
    ])
    expect(toggleReaction(doc, { messageId: MSG, reaction: 'thumbsup', userId: ALICE })).toBe(false)
    expect(readReactions(reactionsOf(doc)).get(MSG)?.[0]).toEqual({ reaction: 'thumbsup', users: [BOB] })
  })

  it('converges when two devices of one person give the same reaction at once', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    toggleReaction(a, { messageId: MSG, reaction: 'joy', userId: ALICE }, 1)
    toggleReaction(b, { messageId: MSG, reaction: 'joy', userId: ALICE }, 2)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readReactions(reactionsOf(a)).get(MSG)).toEqual([{ reaction: 'joy', users: [ALICE] }])
    expect(readReactions(reactionsOf(b))).toEqual(readReactions(reactionsOf(a)))
  })

  it('parses only well-formed keys and skips malformed entries', () => {
    const key = reactionKey({ messageId: MSG, reaction: 'sad', userId: ALICE })
    expect(parseReactionKey(key)).toEqual({ messageId: MSG, reaction: 'sad', userId: ALICE })
    for (const bad of [`${MSG}/poo/${ALICE}`, `${MSG}/sad`, `${MSG}/sad/${ALICE}/x`, `x/sad/${ALICE}`])
      expect(parseReactionKey(bad)).toBeNull()
    const doc = new Y.Doc()
    reactionsOf(doc).set(`${MSG}/poo/${ALICE}`, 1)
    reactionsOf(doc).set(key, 'yesterday')
    expect(readReactions(reactionsOf(doc)).size).toBe(0)
  })

  it('removes the reactions of archived messages only', () => {
    const doc = new Y.Doc()
    toggleReaction(doc, { messageId: MSG, reaction: 'heart', userId: ALICE })
    toggleReaction(doc, { messageId: OTHER, reaction: 'heart', userId: ALICE })
    removeReactionsOf(doc, new Set([MSG]))
    expect([...readReactions(reactionsOf(doc)).keys()]).toEqual([OTHER])
  })
})
