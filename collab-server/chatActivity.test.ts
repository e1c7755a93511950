import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Connected } from '../api/db/connect.ts'
import { createOrg, member } from '../api/test/factories.ts'
import { type ChatActivitySignal, parseInboxSignal } from '../schema/docs/inbox.ts'
import { inboxDocName } from '../schema/docs/names.ts'
import { postMessage } from '../schema/docs/thread.ts'
import {
  channelFixture,
  connectTestDb,
  ENGINES,
  openClient,
  startCollab,
  type TestClient,
  type TestCollab,
  tokenFor,
  useCollabServer,
} from './test/harness.ts'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Collects the stateless chat signals a client's inbox connection receives. */
function signals(c: TestClient): ChatActivitySignal[] {
  const got: ChatActivitySignal[] = []
  c.provider.on('stateless', ({ payload }: { payload: string }) => {
    const s = parseInboxSignal(payload)
    if (s) got.push(s)
  })
  return got
}

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
    return signals(c)
  }

  it('reaches the readers of the channel with the app open, and nobody else', async () => {
    const channel = await channelFixture(db())
    const board = await channelFixture(db(), 'board')
    await db()
      .updateTable('threads')
      .set({ org_id: channel.org.id })
      .where('id', '=', board.threadId)
      .execute()
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

    const boardName = `${channel.org.id}/thread/${board.threadId}`
    const b = suite.open(suite.server.url, boardName, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(b.provider.synced).toBe(true))
    postMessage(b.doc, { authorId: author.id, text: 'Hallituksen asia' })
    const boardSignal = { ...signal, threadId: board.threadId }
    await vi.waitFor(() => expect(got.boardReader).toContainEqual(boardSignal), { timeout: 15_000 })
    // The board channel's signal went out before this point: a resident's would have arrived with it.
    await new Promise((r) => setTimeout(r, 300))
    expect(got.resident).not.toContainEqual(boardSignal)
    expect(got.stranger).toEqual([])
  })
})

describe('chat activity signals across two instances with Redis', () => {
  let connected: Connected
  let a: TestCollab
  let b: TestCollab
  const clients: TestClient[] = []
  beforeAll(async () => {
    connected = await connectTestDb(process.env.DATABASE_URL ? 'postgres' : 'pglite')
    a = await startCollab(connected.db, {}, { REDIS_URL })
    b = await startCollab(connected.db, {}, { REDIS_URL })
    await Promise.all([a.collab.chatActivityListening, b.collab.chatActivityListening])
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await a.close()
    await b.close()
    await connected.close()
  })

  it('signals a reader whose inbox is open on B when the message is written on A', async () => {
    const db = connected.db
    const channel = await channelFixture(db)
    const [author, reader] = [await channel.member('owner'), await channel.member('resident')]
    const onB = openClient(b.url, inboxDocName(reader.id), { token: await tokenFor(db, reader.token) })
    const onA = openClient(a.url, channel.name, { token: await tokenFor(db, author.token) })
    clients.push(onA, onB)
    const got = signals(onB)
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true), { timeout: 10_000 })
    postMessage(onA.doc, { authorId: author.id, text: 'across instances' })
    await vi.waitFor(
      () =>
        expect(got).toEqual([{ type: 'chat.activity', orgId: channel.org.id, threadId: channel.threadId }]),
      { timeout: 15_000 },
    )
  })
})
