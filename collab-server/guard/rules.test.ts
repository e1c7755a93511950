import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseDocName } from '../../schema/docs/names.ts'
import {
  deleteMessage,
  editMessage,
  hideMessage,
  messagesOf,
  metaOf,
  postMessage,
  setThreadLocked,
} from '../../schema/docs/thread.ts'
import { loadScaled } from '../../server/test/loadScaled.ts'
import { judgeUpdate } from './rules.ts'
import { scanUpdate } from './scanUpdate.ts'

const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const MOD = '33333333-3333-4333-8333-333333333333'
const ref = (() => {
  const parsed = parseDocName(`${crypto.randomUUID()}/thread/${crypto.randomUUID()}`)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.doc
})()

/** A server document with one message by Bob, and a client replica that writes through `edit`. */
function setup() {
  const server = new Y.Doc()
  const bobMessage = postMessage(server, { authorId: BOB, text: 'hello from bob' })
  const replica = () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    return doc
  }
  const updateOf = (doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(doc)
    change(doc)
    return Y.encodeStateAsUpdate(doc, before)
  }
  const judge = (userId: string, change: (doc: Y.Doc) => void, moderator = false) => {
    const update = updateOf(replica(), change)
    const verdict = judgeUpdate(server, ref, update, { userId, moderator })
    if (verdict.ok) Y.applyUpdate(server, update)
    return verdict
  }
  return { server, bobMessage, judge, replica }
}

const bobsMap = (doc: Y.Doc) => messagesOf(doc).get(0)

describe('thread write rules', () => {
  it('lets a member post, edit and delete their own message', () => {
    const { judge } = setup()
    const id = crypto.randomUUID()
    expect(judge(ALICE, (d) => void postMessage(d, { id, authorId: ALICE, text: 'hi' }))).toEqual({
      ok: true,
    })
    expect(judge(ALICE, (d) => editMessage(d, id, 'hi there'))).toEqual({ ok: true })
    expect(judge(ALICE, (d) => deleteMessage(d, id))).toEqual({ ok: true })
  })

  it('lets a moderator hide and lock', () => {
    const { judge, bobMessage } = setup()
    expect(judge(MOD, (d) => hideMessage(d, bobMessage.id, MOD, 'spam'), true)).toEqual({ ok: true })
    expect(judge(MOD, (d) => setThreadLocked(d, true, MOD), true)).toEqual({ ok: true })
  })

  const forgeries: Array<[string, (d: Y.Doc, bobId: string) => void, RegExp]> = [
    ['edit another person’s text', (d, id) => editMessage(d, id, 'pwned'), /only the author/],
    ['delete another person’s message', (d, id) => deleteMessage(d, id), /only the author/],
    [
      'post as someone else',
      (d) => void postMessage(d, { authorId: BOB, text: 'fake' }),
      /authored by its sender/,
    ],
    ['hide without moderating', (d, id) => hideMessage(d, id, ALICE, 'x'), /moderator/],
    ['lock without moderating', (d) => setThreadLocked(d, true, ALICE), /moderator/],
    ['remove a message from the array', (d) => messagesOf(d).delete(0, 1), /cannot be removed/],
    ['rewrite the author field', (d) => bobsMap(d)?.set('authorId', ALICE), /cannot change/],
    ['remove a field', (d) => bobsMap(d)?.delete('text'), /only the author/],
    ['write a new root', (d) => d.getMap('evil').set('x', 1), /outside the thread shape/],
    [
      'push a string into messages',
      (d) =>
        messagesOf(d as Y.Doc)
          .doc?.getArray('messages')
          .push(['x']),
      /message maps/,
    ],
    ['set an unknown meta key', (d) => metaOf(d).set('owner', ALICE), /moderator/],
    [
      'post a message with an unknown field',
      (d) => {
        const m = new Y.Map<unknown>()
        m.set('id', crypto.randomUUID())
        m.set('authorId', ALICE)
        m.set('text', 'x')
        m.set('createdAt', 1)
        m.set('admin', true)
        d.getArray('messages').push([m])
      },
      /outside the thread shape/,
    ],
    [
      'post a message missing its text',
      (d) => {
        const m = new Y.Map<unknown>()
        m.set('id', crypto.randomUUID())
        m.set('authorId', ALICE)
        m.set('createdAt', 1)
        d.getArray('messages').push([m])
      },
      /needs text/,
    ],
  ]
  for (const [name, change, reason] of forgeries) {
    it(`refuses: ${name}`, () => {
      const { judge, server, bobMessage } = setup()
      const before = Y.encodeStateAsUpdate(server)
      const verdict = judge(ALICE, (d) => change(d, bobMessage.id))
      expect(verdict.ok).toBe(false)
      if (!verdict.ok) expect(verdict.rule).toMatch(reason)
      expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    })
  }

  it('refuses an unhide and unlock by a non-moderator, and any write while locked', () => {
    const { judge, bobMessage } = setup()
    judge(MOD, (d) => hideMessage(d, bobMessage.id, MOD, 'spam'), true)
    expect(judge(ALICE, (d) => bobsMap(d)?.set('hidden', false)).ok).toBe(false)
    judge(MOD, (d) => setThreadLocked(d, true, MOD), true)
    expect(judge(ALICE, (d) => setThreadLocked(d, false, ALICE)).ok).toBe(false)
    expect(judge(ALICE, (d) => void postMessage(d, { authorId: ALICE, text: 'let me in' })).ok).toBe(false)
  })

  it('judges a post and its later changes merged into one update (offline resync, queued frames) as each alone', () => {
    const { judge } = setup()
    const post = (d: Y.Doc, id: string) => void postMessage(d, { id, authorId: ALICE, text: 'first' })
    const a = crypto.randomUUID()
    // Each its own transaction, sent as one update: what a merged frame carries.
    const postAndEdit = (d: Y.Doc) => {
      post(d, a)
      editMessage(d, a, 'second')
    }
    expect(judge(ALICE, postAndEdit)).toEqual({ ok: true })
    const b = crypto.randomUUID()
    const postAndDelete = (d: Y.Doc) => {
      post(d, b)
      deleteMessage(d, b)
    }
    expect(judge(ALICE, postAndDelete)).toEqual({ ok: true })
    const c = crypto.randomUUID()
    const rewrite =
      (field: string, value: unknown, author = ALICE) =>
      (d: Y.Doc) => {
        postMessage(d, { id: c, authorId: author, text: 'first' })
        messagesOf(d)
          .get(messagesOf(d).length - 1)
          ?.set(field, value as never)
      }
    expect(judge(ALICE, rewrite('authorId', BOB)).ok).toBe(false)
    expect(judge(ALICE, rewrite('createdAt', 1)).ok).toBe(false)
    expect(judge(ALICE, rewrite('id', crypto.randomUUID())).ok).toBe(false)
    expect(judge(ALICE, rewrite('hidden', true)).ok).toBe(false)
    expect(judge(ALICE, rewrite('deleted', false)).ok).toBe(false)
    // Not even a moderator hides a message in the update that posts it (its text would stay).
    expect(judge(MOD, rewrite('hidden', true, MOD), true).ok).toBe(false)
    expect(judge(MOD, rewrite('editedAt', 5, MOD), true)).toEqual({ ok: true })
  })

  it('accepts a resent update the server already has', () => {
    const { server, replica } = setup()
    const doc = replica()
    const before = Y.encodeStateVector(doc)
    postMessage(doc, { authorId: ALICE, text: 'once' })
    const update = Y.encodeStateAsUpdate(doc, before)
    Y.applyUpdate(server, update)
    // Locked afterwards: a resend of the already-applied message must still pass.
    setThreadLocked(server, true, MOD)
    expect(judgeUpdate(server, ref, update, { userId: ALICE, moderator: false })).toEqual({ ok: true })
  })

  it('refuses an edit, a deletion and a hide of an archived message (gone from the document)', () => {
    const { server, bobMessage, replica } = setup()
    // A reader who loaded the thread before the message was archived still holds it.
    const stale = replica()
    const staleMod = replica()
    messagesOf(server).delete(0, 1)
    const before = Y.encodeStateAsUpdate(server)
    const attempts: Array<[string, Y.Doc, (d: Y.Doc) => void, boolean]> = [
      [BOB, stale, (d) => editMessage(d, bobMessage.id, 'too late'), false],
      [BOB, replica(), (d) => messagesOf(d).insert(0, [new Y.Map()]), false],
      [MOD, staleMod, (d) => hideMessage(d, bobMessage.id, MOD, 'spam'), true],
    ]
    for (const [userId, doc, change, moderator] of attempts) {
      const sv = Y.encodeStateVector(doc)
      change(doc)
      const verdict = judgeUpdate(server, ref, Y.encodeStateAsUpdate(doc, sv), { userId, moderator })
      expect(verdict.ok).toBe(false)
    }
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
  })

  it('refuses changes to messages on their way to the archive, on every instance alike', () => {
    const settings = { archive: { keep: 2, at: 3 } }
    const { server, bobMessage, replica } = setup()
    const later = [1, 2].map((i) => postMessage(server, { authorId: BOB, text: `bob ${i}` }))
    const attempt = (userId: string, change: (d: Y.Doc) => void, moderator = false) => {
      const doc = replica()
      const sv = Y.encodeStateVector(doc)
      change(doc)
      return judgeUpdate(server, ref, Y.encodeStateAsUpdate(doc, sv), { userId, moderator }, settings)
    }
    // Three messages, not more than `at`: the oldest is still Bob's to edit.
    expect(attempt(BOB, (d) => editMessage(d, bobMessage.id, 'fixed'))).toEqual({ ok: true })
    // A fourth: the oldest two now wait for the next archive round and change no more.
    postMessage(server, { authorId: ALICE, text: 'the fourth' })
    const before = Y.encodeStateAsUpdate(server)
    const refused = { ok: false, rule: 'an archived message cannot change' }
    expect(attempt(BOB, (d) => editMessage(d, bobMessage.id, 'too late'))).toEqual(refused)
    expect(attempt(BOB, (d) => deleteMessage(d, later[0]!.id))).toEqual(refused)
    expect(attempt(MOD, (d) => hideMessage(d, bobMessage.id, MOD, 'spam'), true)).toEqual(refused)
    // The newest `keep` stay open, and new messages are welcome.
    expect(attempt(BOB, (d) => editMessage(d, later[1]!.id, 'still mine'))).toEqual({ ok: true })
    expect(attempt(ALICE, (d) => postMessage(d, { authorId: ALICE, text: 'fifth' }))).toEqual({ ok: true })
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
  })

  it('refuses an update that depends on unknown changes', () => {
    const { server, replica } = setup()
    const doc = replica()
    postMessage(doc, { authorId: ALICE, text: 'first' })
    const sv = Y.encodeStateVector(doc)
    postMessage(doc, { authorId: ALICE, text: 'second' })
    const gap = Y.encodeStateAsUpdate(doc, sv)
    const verdict = judgeUpdate(server, ref, gap, { userId: ALICE, moderator: false })
    expect(verdict).toEqual({ ok: false, rule: 'update depends on changes the server does not have' })
  })
})

describe('update pre-scan', () => {
  it('refuses the struct-count bomb in constant time', () => {
    // 1 client, 32 million structs declared, a handful of bytes.
    const bomb = new Uint8Array([1, 0x80, 0x80, 0x80, 0x10, 1, 0, 0, 0, 0, 0, 0])
    const started = performance.now()
    expect(scanUpdate(bomb)).toEqual({
      ok: false,
      reason: 'update declares more structs than fit its length',
    })
    expect(performance.now() - started).toBeLessThan(loadScaled(5))
  })

  it('refuses truncated and random updates', () => {
    const doc = new Y.Doc()
    postMessage(doc, { authorId: ALICE, text: 'a message long enough to truncate' })
    const update = Y.encodeStateAsUpdate(doc)
    for (let cut = 1; cut < update.length; cut += 3) {
      expect(scanUpdate(update.subarray(0, cut)).ok, `cut at ${cut}`).toBe(false)
    }
    for (let i = 0; i < 200; i++) {
      const random = crypto.getRandomValues(new Uint8Array(1 + (i % 64)))
      const result = scanUpdate(random)
      if (result.ok) {
        // A random buffer that happens to scan must still be judged harmlessly.
        expect(() => judgeUpdate(new Y.Doc(), ref, random, { userId: ALICE, moderator: false })).not.toThrow()
      }
    }
  })

  it('accepts real updates', () => {
    const doc = new Y.Doc()
    postMessage(doc, { authorId: ALICE, text: 'ok' })
    setThreadLocked(doc, true, MOD)
    expect(scanUpdate(Y.encodeStateAsUpdate(doc)).ok).toBe(true)
  })
})
