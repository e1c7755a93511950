import { describe, expect, it, vi } from 'vitest'
import { editMessage, messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'
import { channelFixture, ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

/**
 * The thread archive through the real server: a compaction that finds more than `at` messages in
 * the live document removes all but the newest `keep`, and every connected reader gets the
 * removal at once; a reader who connects later loads only the live part; the removed messages'
 * rows stay in `messages`. An edit of a removed message from a stale replica is refused.
 */
describe.each(ENGINES)('thread archive through the collab server on %s', (engine) => {
  const suite = useCollabServer(engine, { archive: { keep: 5, at: 8 } })
  const db = suite.db

  it('shrinks the live document for every reader and keeps the rows', async () => {
    const channel = await channelFixture(db())
    const [alice, bob] = [await channel.member('resident'), await channel.member('owner')]
    const a = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), alice.token) })
    const b = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true))
    const posted = Array.from({ length: 12 }, (_, i) =>
      postMessage(a.doc, { authorId: alice.id, text: `viesti ${i}` }),
    )

    // Debounce 200 ms, then compaction, projection and the archive round.
    await vi.waitFor(() => expect(messagesOf(b.doc).length).toBe(5), { timeout: 10_000 })
    await vi.waitFor(() =>
      expect(readMessages(a.doc).map((m) => m.text)).toEqual([7, 8, 9, 10, 11].map((i) => `viesti ${i}`)),
    )
    // Readers see the removal when it is applied; the rows are marked in the transaction that logs
    // it, a moment later (the archive page reads below the oldest live message meanwhile).
    await vi.waitFor(async () => {
      const rows = await db()
        .selectFrom('messages')
        .select(['id', 'seq', 'archived_at'])
        .where('thread_id', '=', channel.threadId)
        .orderBy('seq')
        .execute()
      expect(rows.map((r) => r.id)).toEqual(posted.map((m) => m.id))
      expect(rows.filter((r) => r.archived_at !== null)).toHaveLength(7)
    })

    const late = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(late.provider.synced).toBe(true))
    expect(readMessages(late.doc).map((m) => m.id)).toEqual(posted.slice(7).map((m) => m.id))

    // Alice edits one of the newest: accepted, the archive round leaves it (under the threshold).
    editMessage(a.doc, posted[11]!.id, 'viesti 11 (muokattu)')
    await vi.waitFor(() => expect(readMessages(b.doc).at(-1)?.text).toBe('viesti 11 (muokattu)'))
    expect(messagesOf(b.doc).length).toBe(5)
  })
})
