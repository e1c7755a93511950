import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Issue 20: who has read a message, and whether the people it @-mentions have. Its writer and
 * the thread's moderators may ask; another reader of the thread gets 403, another
 * organisation's user and a reader of nothing 404. Only people who may still read the thread
 * are named.
 */
describe.each(ENGINES)('message readers on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, 180_000)
  afterAll(() => t.close())

  async function world() {
    const db = t.deps.db
    const home = await managedCooperative(db)
    const away = await managedCooperative(db)
    const orgId = home.coop.id
    const board = await member(db, orgId, 'board_member')
    const manager = await member(db, orgId, 'property_manager')
    const writer = await member(db, orgId, 'resident')
    const reader = await member(db, orgId, 'resident')
    const mentionedUnread = await member(db, orgId, 'resident')
    const bystander = await member(db, orgId, 'resident')
    const stranger = await member(db, away.coop.id, 'property_manager')
    const channel = async (audience: 'members' | 'board') => {
      const res = await client(t.app, board.token).post('/api/collab/threads', {
        org: orgId,
        names: { fi: `Kanava ${audience}` },
        audience,
      })
      expect(res.status).toBe(201)
      return (await res.json()).id as string
    }
    const threadId = await channel('members')
    const boardThread = await channel('board')
    let seq = 0
    const message = async (thread: string, authorId: string, text: string) => {
      const id = crypto.randomUUID()
      await db
        .insertInto('messages')
        .values({
          org_id: orgId,
          thread_id: thread,
          id,
          author_id: authorId,
          text,
          created_at: new Date(Date.now() - 60_000),
          seq: ++seq,
        })
        .execute()
      return id
    }
    const read = async (who: { token: string }, thread: string) =>
      expect((await client(t.app, who.token).post(`/api/threads/${thread}/read`, {})).status).toBe(200)
    return {
      orgId,
      board,
      manager,
      writer,
      reader,
      mentionedUnread,
      bystander,
      stranger,
      threadId,
      boardThread,
      message,
      read,
    }
  }

  it('tells the writer who has read the message and which of the mentioned have', async () => {
    const w = await world()
    const id = await w.message(
      w.threadId,
      w.writer.id,
      `Hei @${w.reader.name} ja @${w.mentionedUnread.name}, pihatalkoot lauantaina.`,
    )
    await w.read(w.reader, w.threadId)
    await w.read(w.bystander, w.threadId)
    await w.read(w.writer, w.threadId)
    const res = await client(t.app, w.writer.token).get(`/api/threads/${w.threadId}/messages/${id}/readers`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.readers.map((r: { id: string }) => r.id).sort()).toEqual([w.reader.id, w.bystander.id].sort())
    expect(body.readers[0]).toMatchObject({ name: expect.any(String), readAt: expect.any(String) })
    expect(body.mentioned).toEqual(
      expect.arrayContaining([
        { id: w.reader.id, name: w.reader.name, read: true },
        { id: w.mentionedUnread.id, name: w.mentionedUnread.name, read: false },
      ]),
    )
    expect(body.mentioned).toHaveLength(2)
    // The one mentioned reads it now.
    await w.read(w.mentionedUnread, w.threadId)
    const after = await (
      await client(t.app, w.writer.token).get(`/api/threads/${w.threadId}/messages/${id}/readers`)
    ).json()
    expect(after.mentioned.every((m: { read: boolean }) => m.read)).toBe(true)
    // A moderator of the thread may ask too.
    expect(
      (await client(t.app, w.manager.token).get(`/api/threads/${w.threadId}/messages/${id}/readers`)).status,
    ).toBe(200)
  })

  it('names nobody who can no longer read the thread, nor anyone of another organisation', async () => {
    const w = await world()
    const id = await w.message(w.threadId, w.writer.id, `@${w.stranger.name} @${w.reader.name}`)
    await w.read(w.reader, w.threadId)
    // A read position of another organisation's user (written by hand: they cannot read it).
    await t.deps.db
      .insertInto('thread_reads')
      .values({ user_id: w.stranger.id, thread_id: w.threadId, read_at: new Date() })
      .execute()
    // The reader then leaves the cooperative.
    await t.deps.db.deleteFrom('memberships').where('user_id', '=', w.reader.id).execute()
    const body = await (
      await client(t.app, w.writer.token).get(`/api/threads/${w.threadId}/messages/${id}/readers`)
    ).json()
    expect(body).toEqual({ readers: [], mentioned: [] })
  })

  it('another organisation gets 404, another reader of the thread 403', async () => {
    const w = await world()
    const id = await w.message(w.threadId, w.writer.id, `Hei @${w.reader.name}`)
    const boardMessage = await w.message(w.boardThread, w.board.id, 'Kokous torstaina.')
    const path = `/api/threads/${w.threadId}/messages/${id}/readers`
    const strangerRes = await client(t.app, w.stranger.token).get(path)
    expect(strangerRes.status).toBe(404)
    expect(Object.keys(await strangerRes.json())).toEqual(['error'])
    expect(
      (
        await client(t.app, w.stranger.token).get(
          `/api/threads/${w.boardThread}/messages/${boardMessage}/readers`,
        )
      ).status,
    ).toBe(404)
    // A resident: the open channel is theirs to read, but not its receipts; the board's is not theirs at all.
    expect((await client(t.app, w.bystander.token).get(path)).status).toBe(403)
    expect((await client(t.app, w.reader.token).get(path)).status).toBe(403)
    expect(
      (
        await client(t.app, w.bystander.token).get(
          `/api/threads/${w.boardThread}/messages/${boardMessage}/readers`,
        )
      ).status,
    ).toBe(404)
    // A message of another thread, or none, through this one: not found.
    expect(
      (await client(t.app, w.board.token).get(`/api/threads/${w.threadId}/messages/${boardMessage}/readers`))
        .status,
    ).toBe(404)
    expect(
      (
        await client(t.app, w.writer.token).get(
          `/api/threads/${w.threadId}/messages/${crypto.randomUUID()}/readers`,
        )
      ).status,
    ).toBe(404)
    expect(
      (await client(t.app, w.writer.token).get(`/api/threads/${w.threadId}/messages/nope/readers`)).status,
    ).toBe(422)
  })
})
