import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { postMessage, readMessages } from '../schema/docs/thread.ts'
import type { Connected } from '../server/db/connect.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import {
  channelFixture,
  connectTestDb,
  openClient,
  startCollab,
  type TestCollab,
  tokenFor,
} from './test/harness.ts'

// Hand-built frames in the Hocuspocus wire format, so nothing in the client library can sanitise them.
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
const updateFrame = (doc: string, update: Uint8Array) =>
  new Uint8Array([...varString(doc), 0, 2, ...varBytes(update)])

/** A raw, authenticated socket on one document; resolves when the server says "authenticated". */
async function rawSocket(url: string, doc: string, token: string) {
  const ws = new WebSocket(url)
  const received: Uint8Array[] = []
  let closed: number | null = null
  ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  ws.on('close', (code) => {
    closed = code
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  ws.send(authFrame(doc, token))
  await vi.waitFor(() => expect(received.length).toBeGreaterThan(0))
  return { ws, received, closedWith: () => closed }
}

describe('hostile frames', () => {
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

  it('refuses bombs, truncated, random and oversized frames without stalling the event loop', async () => {
    const db = connected.db
    const { name, member } = await channelFixture(db)
    const [alice, mallory] = [await member('resident'), await member('resident')]
    const honest = openClient(server.url, name, { token: await tokenFor(db, alice.token) })
    await vi.waitFor(() => expect(honest.provider.synced).toBe(true))
    postMessage(honest.doc, { authorId: alice.id, text: 'before the attack' })
    await vi.waitFor(() => expect(honest.provider.unsyncedChanges).toBe(0))
    const serverDoc = server.collab.hocuspocus.documents.get(name)!
    const before = Y.encodeStateAsUpdate(serverDoc)
    const rowsBefore = await db
      .selectFrom('collab_updates')
      .select('id')
      .where('doc_name', '=', name)
      .execute()

    const valid = (() => {
      const d = new Y.Doc()
      postMessage(d, { authorId: mallory.id, text: 'a valid message that we will cut short' })
      return Y.encodeStateAsUpdate(d)
    })()
    // One client, 32 million structs declared, in 12 bytes.
    const bomb = new Uint8Array([1, 0x80, 0x80, 0x80, 0x10, 1, 0, 0, 0, 0, 0, 0])
    const payloads: Uint8Array[] = [
      ...Array.from({ length: 5 }, () => bomb),
      valid.subarray(0, valid.length - 7),
      valid.subarray(0, 9),
      ...Array.from({ length: 20 }, (_, i) => crypto.getRandomValues(new Uint8Array(8 + i * 50))),
    ]

    const token = await tokenFor(db, mallory.token)
    const sockets = await Promise.all(payloads.map(() => rawSocket(server.url, name, token)))
    const oversized = await rawSocket(server.url, name, token)
    // Measured over the attack itself (connecting above runs PGlite queries on this thread).
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    histogram.enable()
    for (const [i, s] of sockets.entries()) s.ws.send(updateFrame(name, payloads[i]!))
    oversized.ws.send(updateFrame(name, new Uint8Array(300 * 1024)))
    await vi.waitFor(() => expect(oversized.closedWith()).toBe(1009))
    // Every hostile document connection is closed by the server (a CLOSE message, type 7).
    await vi.waitFor(() => {
      for (const s of sockets) expect(s.received.some((m) => m.includes(7))).toBe(true)
    })
    histogram.disable()

    expect(histogram.max / 1e6, `load ${loadNow()}`).toBeLessThan(loadScaled(50))
    expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(before)
    expect(readMessages(honest.doc).map((m) => m.text)).toEqual(['before the attack'])
    const rowsAfter = await db
      .selectFrom('collab_updates')
      .select('id')
      .where('doc_name', '=', name)
      .execute()
    expect(rowsAfter.length).toBeLessThanOrEqual(rowsBefore.length)
    for (const s of [...sockets, oversized]) s.ws.terminate()
    honest.destroy()
  })
})
