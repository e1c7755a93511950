import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseDocName } from '../../schema/docs/names.ts'
import { findMessageMap, postMessage, readMessages } from '../../schema/docs/thread.ts'
import { judgeUpdate } from './rules.ts'

/**
 * The `attachments` field of a thread message, judged on crafted plain-Yjs updates: set once,
 * by the author, when the message is created; a bounded list of distinct ids; never changed.
 */
const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const ref = (() => {
  const parsed = parseDocName(`${crypto.randomUUID()}/thread/${crypto.randomUUID()}`)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.doc
})()
const ids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID())

function setup() {
  const server = new Y.Doc()
  const bob = postMessage(server, { authorId: BOB, text: 'photo', attachments: ids(1) })
  const alice = postMessage(server, { authorId: ALICE, text: 'no photo' })
  const judge = (userId: string, change: (doc: Y.Doc) => void, moderator = false) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(doc)
    change(doc)
    const update = Y.encodeStateAsUpdate(doc, before)
    const verdict = judgeUpdate(server, ref, update, { userId, moderator })
    if (verdict.ok) Y.applyUpdate(server, update)
    return verdict
  }
  return { server, bob, alice, judge }
}

/** A new message map written field by field, as a hostile client could. */
function rawMessage(d: Y.Doc, authorId: string, attachments: unknown) {
  const m = new Y.Map<unknown>()
  m.set('id', crypto.randomUUID())
  m.set('authorId', authorId)
  m.set('text', 'x')
  m.set('createdAt', 1)
  m.set('attachments', attachments)
  d.getArray('messages').push([m])
}

describe('thread message attachments', () => {
  it('accepts a new message carrying up to 10 attachment ids, and reads them back', () => {
    const { judge, server } = setup()
    const list = ids(10)
    expect(
      judge(ALICE, (d) => void postMessage(d, { authorId: ALICE, text: 'kuvat', attachments: list })),
    ).toEqual({
      ok: true,
    })
    expect(readMessages(server).at(-1)?.attachments).toEqual(list)
  })

  const refused: Array<[string, (d: Y.Doc, s: ReturnType<typeof setup>) => void, RegExp]> = [
    ['eleven ids', (d) => rawMessage(d, ALICE, ids(11)), /at most 10/],
    ['an id that is not a UUID', (d) => rawMessage(d, ALICE, ['../../etc/passwd']), /distinct ids/],
    ['the same id twice', (d) => rawMessage(d, ALICE, Array(2).fill(ids(1)[0])), /distinct ids/],
    ['a string instead of a list', (d) => rawMessage(d, ALICE, ids(1)[0]), /distinct ids/],
    ['a new message by someone else', (d) => rawMessage(d, BOB, ids(1)), /authored by its sender/],
    [
      'attachments added to one’s own message later',
      (d, s) => findMessageMap(d, s.alice.id)?.set('attachments', ids(1)),
      /cannot change/,
    ],
    [
      'attachments of another’s message replaced',
      (d, s) => findMessageMap(d, s.bob.id)?.set('attachments', ids(1)),
      /cannot change/,
    ],
    [
      'attachments removed from a message',
      (d, s) => findMessageMap(d, s.bob.id)?.delete('attachments'),
      /cannot change/,
    ],
  ]
  it.each(refused)('refuses %s, and the server document is unchanged', (_label, change, rule) => {
    const s = setup()
    const before = Y.encodeStateAsUpdate(s.server)
    const verdict = s.judge(ALICE, (d) => change(d, s))
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) expect(verdict.rule).toMatch(rule)
    expect(Y.encodeStateAsUpdate(s.server)).toEqual(before)
  })

  it('refuses even the author changing their attachments after posting', () => {
    const s = setup()
    const verdict = s.judge(BOB, (d) => findMessageMap(d, s.bob.id)?.set('attachments', []))
    expect(verdict).toEqual({ ok: false, rule: 'attachments cannot change' })
  })
})
