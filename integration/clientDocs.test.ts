import { createRoot } from 'solid-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { acquireDoc } from '../client/src/collab/docs.ts'
import { configureCollabClient, sharedSocket } from '../client/src/collab/socket.ts'
import {
  channelFixture,
  connectTestDb,
  openClient,
  startCollab,
  type TestCollab,
  tokenFor,
} from '../collab-server/test/harness.ts'
import { messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'
import type { Connected } from '../server/db/connect.ts'

/**
 * The client's document primitive (client/src/collab/docs.ts) against the real server: when the
 * write guard refuses a forged change, the handle reports it, throws the forged doc away, loads
 * the server's state into a fresh one, and goes on working on the same shared socket.
 */
describe('client useDoc/acquireDoc against the collab server', () => {
  let connected: Connected
  let server: TestCollab

  beforeAll(async () => {
    connected = await connectTestDb('pglite')
    server = await startCollab(connected.db)
  })
  afterAll(async () => {
    await server.close()
    await connected.close()
  })

  it('a refused update is reported, discarded and the document reloaded; the next edit goes through', async () => {
    const db = connected.db
    const { name, member } = await channelFixture(db)
    const [alice, bob] = [await member('resident'), await member('owner')]
    const bobClient = openClient(server.url, name, { token: await tokenFor(db, bob.token) })
    await vi.waitFor(() => expect(bobClient.provider.synced).toBe(true))
    postMessage(bobClient.doc, { authorId: bob.id, text: 'bob was here' })
    await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0))

    configureCollabClient({
      url: server.url,
      WebSocketPolyfill: WebSocket,
      token: () => tokenFor(db, alice.token),
    })
    const { handle, release } = createRoot(() => acquireDoc(name))
    try {
      await vi.waitFor(() => expect(readMessages(handle.doc())).toHaveLength(1))
      const forged = handle.doc()

      // Alice rewrites Bob's message with plain Yjs.
      messagesOf(forged).get(0)?.set('text', 'alice was here')

      await vi.waitFor(() => expect(handle.refusal()?.code).toBe('update_refused'))
      expect(handle.refusal()?.rule).toMatch(/author/)
      expect(handle.doc()).not.toBe(forged)
      await vi.waitFor(() => expect(handle.synced()).toBe(true))
      await vi.waitFor(() => expect(readMessages(handle.doc()).map((m) => m.text)).toEqual(['bob was here']))
      expect(readMessages(bobClient.doc).map((m) => m.text)).toEqual(['bob was here'])

      // The reloaded document is live: Alice's own message reaches Bob.
      postMessage(handle.doc(), { authorId: alice.id, text: 'hello from alice' })
      await vi.waitFor(() =>
        expect(readMessages(bobClient.doc).map((m) => m.text)).toEqual(['bob was here', 'hello from alice']),
      )
      await vi.waitFor(() => expect(handle.unsynced()).toBe(0))
      expect(handle.refusal()?.code).toBe('update_refused')
    } finally {
      release()
      bobClient.destroy()
    }
  })

  it('an edit made while the socket is down is sent when it reconnects', async () => {
    const db = connected.db
    const { name, member } = await channelFixture(db)
    const [alice, bob] = [await member('resident'), await member('owner')]
    const bobClient = openClient(server.url, name, { token: await tokenFor(db, bob.token) })
    configureCollabClient({
      url: server.url,
      WebSocketPolyfill: WebSocket,
      token: () => tokenFor(db, alice.token),
    })
    const { handle, release } = createRoot(() => acquireDoc(name))
    try {
      await vi.waitFor(() => expect(handle.synced()).toBe(true))
      const socket = sharedSocket()
      socket.webSocket?.close()
      await vi.waitFor(() => expect(socket.status).toBe('disconnected'))
      postMessage(handle.doc(), { authorId: alice.id, text: 'written offline' })
      expect(handle.unsynced()).toBeGreaterThan(0)
      await vi.waitFor(
        () => expect(readMessages(bobClient.doc).map((m) => m.text)).toEqual(['written offline']),
        { timeout: 10_000 },
      )
      await vi.waitFor(() => expect(handle.unsynced()).toBe(0))
      expect(handle.refusal()).toBeUndefined()
    } finally {
      release()
      bobClient.destroy()
    }
  })
})
