import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { hideMessage, postMessage, unhideMessage } from '../schema/docs/thread.ts'
import { hiddenWrites } from './extensions/hiddenText.ts'

/**
 * Which updates are a hide or an unhide (the hidden-text extension folds the update log into the
 * history for those, at once). A new message sets `hidden: false` too; counting it as an unhide
 * ran that fold, reading the whole log, for every post: on PGlite's one connection it held the
 * database for 67 of 30 busy seconds (issue 21).
 */
function replicaPair() {
  const server = new Y.Doc()
  const client = new Y.Doc()
  let last: Uint8Array | undefined
  client.on('update', (u: Uint8Array) => {
    last = u
    Y.applyUpdate(server, u)
  })
  return { server, client, lastUpdate: () => last! }
}

describe('hiddenWrites', () => {
  it('a new message is no hide or unhide, also several in one update', () => {
    const { server, client, lastUpdate } = replicaPair()
    postMessage(client, { authorId: crypto.randomUUID(), text: 'first' })
    expect(hiddenWrites(server, lastUpdate()).size).toBe(0)
    client.transact(() => {
      postMessage(client, { authorId: crypto.randomUUID(), text: 'second' })
      postMessage(client, { authorId: crypto.randomUUID(), text: 'third' })
    })
    expect(hiddenWrites(server, lastUpdate()).size).toBe(0)
  })

  it('a hide and an unhide of an existing message are, also with a new message in the same update', () => {
    const { server, client, lastUpdate } = replicaPair()
    const mod = crypto.randomUUID()
    const m = postMessage(client, { authorId: crypto.randomUUID(), text: 'secret' })
    hideMessage(client, m.id, mod, 'personal data')
    expect([...hiddenWrites(server, lastUpdate()).values()]).toEqual([true])
    client.transact(() => {
      unhideMessage(client, m.id, mod)
      postMessage(client, { authorId: crypto.randomUUID(), text: 'new' })
    })
    const writes = hiddenWrites(server, lastUpdate())
    expect([...writes.values()]).toEqual([false])
    expect([...writes.keys()][0]!.get('id')).toBe(m.id)
  })
})
