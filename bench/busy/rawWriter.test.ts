import { describe, expect, it, vi } from 'vitest'
import { channelFixture, ENGINES, useCollabServer } from '../../collab-server/test/harness.ts'
import { readMessages } from '../../schema/docs/thread.ts'
import { RawWriter, ServerView } from './rawWriter.ts'

/**
 * bench:busy's raw writers must load the server as real clients do: their posts pass the real
 * guard, each acknowledgement stands for a stored post, and a post lands after the newest message
 * the server has sent (as a provider's push does), not after the writer's own previous post.
 */
describe.each(ENGINES)('raw bench writers on %s', (engine) => {
  const suite = useCollabServer(engine)

  it('post real messages that are acknowledged, stored and placed after what the server sent', async () => {
    const { name, member, threadId } = await channelFixture(suite.db())
    const view = new ServerView()
    const writers = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const m = await member('resident')
        return new RawWriter({
          url: suite.server.url,
          doc: name,
          cookie: m.token,
          authorId: m.id,
          view,
          observe: i === 0,
        })
      }),
    )
    try {
      await Promise.all(writers.map((w) => w.connect()))
      // Members taking turns, each post sent once the previous one has reached the view (the
      // observer sees the others' broadcasts and its own posts once acknowledged).
      const sent: string[] = []
      for (let round = 0; round < 3; round++) {
        for (const [i, w] of writers.entries()) {
          const text = `round ${round} from ${i}`
          w.post(text)
          sent.push(text)
          await vi.waitFor(() => expect(readMessages(view.doc)).toHaveLength(sent.length))
        }
      }
      await vi.waitFor(() => expect(writers.map((w) => w.acked)).toEqual([3, 3, 3]))
      expect(writers.flatMap((w) => w.problems)).toEqual([])
      const live = suite.server.collab.hocuspocus.documents.get(name)!
      expect(readMessages(live).map((m) => m.text)).toEqual(sent)
      // Each acknowledged id is a stored message's (the rows come with compaction).
      const acked = writers.flatMap((w) => w.stats.ackedIds).sort()
      await vi.waitFor(async () => {
        const rows = await suite
          .db()
          .selectFrom('messages')
          .select(['id', 'text'])
          .where('thread_id', '=', threadId)
          .orderBy('seq')
          .execute()
        expect(rows.map((r) => r.id).sort()).toEqual(acked)
        expect(rows.map((r) => r.text)).toEqual(sent)
      })
    } finally {
      for (const w of writers) w.close()
    }
  })
})
