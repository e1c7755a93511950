import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { postMessage, readMessages } from '../schema/docs/thread.ts'
import { MAX_MERGED_FRAMES, mergeMany } from './coalesce.ts'
import { channelFixture, ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

/**
 * A connection's queued updates are merged into one commit (coalesce.ts), and still: each frame
 * the client sent is acknowledged once, and only after everything it acknowledges is stored.
 */
describe.each(ENGINES)('coalesced updates on %s', (engine) => {
  // No compaction during the test: the log rows are what we count.
  const suite = useCollabServer(engine, { debounceMs: 60_000, maxDebounceMs: 60_000 })
  const { db, open } = suite

  /** Every message the stored log holds, decoded as a reader after a restart would. */
  const storedTexts = async (name: string) => {
    const rows = await db()
      .selectFrom('collab_updates')
      .select('update')
      .where('doc_name', '=', name)
      .orderBy('id')
      .execute()
    const doc = new Y.Doc()
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update))
    return { rows: rows.length, texts: readMessages(doc).map((m) => m.text) }
  }

  it('stores a burst of 40 updates in fewer rows, acks each after it is stored, and relays all', async () => {
    const { name, member } = await channelFixture(db())
    const alice = await member('resident')
    const bob = await member('resident')
    const a = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
    const b = open(suite.server.url, name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true), { timeout: 10_000 })
    const sent = Array.from({ length: 40 }, (_, i) => `burst ${i}`)
    let storedAtAck: Awaited<ReturnType<typeof storedTexts>> | undefined
    a.provider.on('unsyncedChanges', async () => {
      if (a.provider.unsyncedChanges === 0 && !storedAtAck) storedAtAck = await storedTexts(name)
    })
    // One update frame per post, all sent in one turn: they queue behind the first one's commit.
    for (const text of sent) postMessage(a.doc, { authorId: alice.id, text })
    await vi.waitFor(() => expect(storedAtAck).toBeDefined(), { timeout: 10_000 })
    // "Saved" (no unsynced change left) only once all 40 are in the log: no ack came early.
    expect(storedAtAck!.texts).toEqual(sent)
    // Merged: fewer rows than frames.
    expect(storedAtAck!.rows).toBeLessThan(sent.length)
    await vi.waitFor(() => expect(readMessages(b.doc).map((m) => m.text)).toEqual(sent), { timeout: 10_000 })
    // The connection is still open and writable.
    postMessage(a.doc, { authorId: alice.id, text: 'after' })
    await vi.waitFor(() => expect(a.provider.unsyncedChanges).toBe(0), { timeout: 10_000 })
    expect((await storedTexts(name)).texts).toEqual([...sent, 'after'])
  })

  it('merges a long queue a batch of at most 32 frames per commit, every frame acknowledged once stored', async () => {
    const { name, member } = await channelFixture(db())
    const alice = await member('resident')
    const a = open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(a.provider.synced).toBe(true), { timeout: 10_000 })
    // Under the rate limit's burst (300), long enough to queue far past one batch.
    const sent = Array.from({ length: 250 }, (_, i) => `jono ${i} ${'x'.repeat(200)}`)
    let storedAtAck: Awaited<ReturnType<typeof storedTexts>> | undefined
    a.provider.on('unsyncedChanges', async () => {
      if (a.provider.unsyncedChanges === 0 && !storedAtAck) storedAtAck = await storedTexts(name)
    })
    for (const text of sent) postMessage(a.doc, { authorId: alice.id, text })
    await vi.waitFor(() => expect(storedAtAck).toBeDefined(), { timeout: 60_000 })
    expect(storedAtAck!.texts).toEqual(sent)
    // Batches are bounded (the guard, apply and observers run on a batch in one step) and used.
    expect(storedAtAck!.rows).toBeGreaterThanOrEqual(Math.ceil(sent.length / MAX_MERGED_FRAMES))
    expect(storedAtAck!.rows).toBeLessThan(sent.length / 4)
  }, 90_000)
})

describe('mergeMany', () => {
  it('gives what one mergeUpdates gives, for any number of updates', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 37; i++) postMessage(doc, { authorId: 'a', text: `m${i}` })
    for (const n of [1, 2, 5, 37]) {
      const viaTree = new Y.Doc()
      Y.applyUpdate(viaTree, mergeMany(updates.slice(0, n)))
      const viaOne = new Y.Doc()
      Y.applyUpdate(viaOne, Y.mergeUpdates(updates.slice(0, n)))
      expect(Y.encodeStateAsUpdate(viaTree)).toEqual(Y.encodeStateAsUpdate(viaOne))
      expect(readMessages(viaTree).length).toBe(n)
    }
  })
})
