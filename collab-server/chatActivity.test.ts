import { describe, expect, it, vi } from 'vitest'
import { inboxDocName } from '../schema/docs/names.ts'
import { postMessage } from '../schema/docs/thread.ts'
import { createOrg, member } from '../server/test/factories.ts'
import { channelFixture, chatSignals, ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

/**
 * Live unread counts for channel readers: a new message in a channel signals the open inbox of
 * everyone who may read it, and of no one else: not a resident for a board channel, not a
 * member of another organisation. The signal carries ids, never text.
 */
describe.each(ENGINES)('chat activity signals on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  const inbox = async (user: { id: string; token: string }) => {
    const c = suite.open(suite.server.url, inboxDocName(user.id), { token: await tokenFor(db(), user.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    return chatSignals(c)
  }

  it('reaches the readers of the channel with the app open, and nobody else', async () => {
    const channel = await channelFixture(db())
    const board = await channel.addChannel('board')
    const author = await channel.member('board_member')
    const boardReader = await channel.member('board_member')
    const resident = await channel.member('resident')
    const away = await createOrg(db())
    const stranger = await member(db(), away.id, 'org_admin')
    const got = {
      boardReader: await inbox(boardReader),
      resident: await inbox(resident),
      stranger: await inbox(stranger),
    }

    const w = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(w.provider.synced).toBe(true))
    postMessage(w.doc, { authorId: author.id, text: 'Pihatalkoot lauantaina' })
    const signal = { type: 'chat.activity', orgId: channel.org.id, threadId: channel.threadId }
    await vi.waitFor(() => expect(got.resident).toContainEqual(signal), { timeout: 15_000 })
    await vi.waitFor(() => expect(got.boardReader).toContainEqual(signal))

    const b = suite.open(suite.server.url, board.name, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(b.provider.synced).toBe(true))
    postMessage(b.doc, { authorId: author.id, text: 'Hallituksen asia' })
    const boardSignal = { ...signal, threadId: board.threadId }
    await vi.waitFor(() => expect(got.boardReader).toContainEqual(boardSignal), { timeout: 15_000 })
    // A sentinel: one more message in the members' channel. Each signal goes out to all its readers
    // in one synchronous loop, so any board signal the resident was wrongly sent reached their
    // socket before this one (a socket delivers in order).
    const seen = got.resident.length
    postMessage(w.doc, { authorId: author.id, text: 'Muistakaa talkoot' })
    await vi.waitFor(() => expect(got.resident.slice(seen)).toContainEqual(signal), { timeout: 15_000 })
    expect(got.resident).not.toContainEqual(boardSignal)
    expect(got.stranger).toEqual([])
  })
})
