import { describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { channelFixture, ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

/** Under a loaded machine the server's answer can take seconds. */
const WAIT = { timeout: 10_000, interval: 50 }

/**
 * Presence slots (issue 12, item 4): awareness states are keyed by the Yjs client id, which a
 * hostile client can put in any frame. Raw awareness frames from a plain Yjs/awareness client try
 * to write into another connection's slot; the server drops them and keeps the owner's state.
 */

// Hand-built frames in the Hocuspocus wire format.
function varUint(n: number): number[] {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}
const varBytes = (b: Uint8Array) => [...varUint(b.length), ...b]
const varString = (s: string) => varBytes(new TextEncoder().encode(s))
const authFrame = (doc: string, token: string) =>
  new Uint8Array([...varString(doc), 2, 0, ...varString(token)])
const AWARENESS = 1
const awarenessFrame = (doc: string, update: Uint8Array) =>
  new Uint8Array([...varString(doc), AWARENESS, ...varBytes(update)])

/** An awareness update for `clientId` saying `state`, from a plain y-protocols Awareness. */
function awarenessUpdate(clientId: number, state: Record<string, unknown>, clock: number): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const awareness = new Awareness(doc)
  for (let i = 0; i < clock; i++) awareness.setLocalState({ ...state, i })
  awareness.setLocalState(state)
  const update = encodeAwarenessUpdate(awareness, [clientId])
  awareness.destroy()
  doc.destroy()
  return update
}

async function rawSocket(url: string, doc: string, token: string) {
  const ws = new WebSocket(url)
  const received: Uint8Array[] = []
  ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  ws.send(authFrame(doc, token))
  await vi.waitFor(() => expect(received.length).toBeGreaterThan(0), WAIT)
  return ws
}

describe.each(ENGINES)('presence slots on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  it("refuses awareness for another connection's client id; its own are accepted", async () => {
    const { name, member } = await channelFixture(db())
    const [alice, mallory] = [await member('resident'), await member('resident')]
    const victim = suite.open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(victim.provider.synced).toBe(true), WAIT)
    victim.provider.setAwarenessField('typing', true)
    const victimId = victim.doc.clientID
    const serverDoc = suite.server.collab.hocuspocus.documents.get(name)!
    const stateOf = (id: number) =>
      serverDoc.awareness.getStates().get(id) as Record<string, unknown> | undefined
    await vi.waitFor(
      () =>
        expect(stateOf(victimId)).toEqual(
          expect.objectContaining({ typing: true, user: expect.objectContaining({ id: alice.id }) }),
        ),
      WAIT,
    )

    const ws = await rawSocket(suite.server.url, name, await tokenFor(db(), mallory.token))
    // Mallory's own slot first (a sentinel that frames are handled in order), then Alice's.
    const ownId = 0x5eed
    ws.send(awarenessFrame(name, awarenessUpdate(ownId, { typing: true }, 1)))
    ws.send(awarenessFrame(name, awarenessUpdate(victimId, { typing: false, status: 'forged' }, 1000)))
    ws.send(awarenessFrame(name, awarenessUpdate(ownId, { typing: false, done: true }, 2)))
    await vi.waitFor(() => expect(stateOf(ownId)).toEqual(expect.objectContaining({ done: true })), WAIT)
    expect(stateOf(ownId)?.user).toEqual(expect.objectContaining({ id: mallory.id }))
    // Alice's slot is still hers, as she set it, on the server and at every peer.
    expect(stateOf(victimId)).toEqual({ typing: true, user: expect.objectContaining({ id: alice.id }) })
    const watcher = suite.open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(watcher.provider.awareness?.getStates().get(ownId)).toBeDefined(), WAIT)
    expect(watcher.provider.awareness?.getStates().get(victimId)).toEqual({
      typing: true,
      user: expect.objectContaining({ id: alice.id }),
    })

    // Once Alice's connection is gone, her old slot is free: nobody is impersonated by taking it,
    // since the server writes the taker's own identity into it.
    victim.destroy()
    await vi.waitFor(() => expect(stateOf(victimId)).toBeUndefined(), WAIT)
    ws.send(awarenessFrame(name, awarenessUpdate(victimId, { typing: true }, 2000)))
    await vi.waitFor(
      () => expect(stateOf(victimId)?.user).toEqual(expect.objectContaining({ id: mallory.id })),
      WAIT,
    )
    ws.close()
  })
})
