import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

describe.each(ENGINES)('collab channel endpoints on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world() {
    const home = await managedCooperative(t.deps.db)
    const away = await managedCooperative(t.deps.db)
    const board = await member(t.deps.db, home.coop.id, 'board_member')
    const resident = await member(t.deps.db, home.coop.id, 'resident')
    const stranger = await member(t.deps.db, away.coop.id, 'board_member')
    const created = await client(t.app, board.token).post('/api/collab/threads', {
      org: home.coop.id,
      title: 'Board only',
      audience: 'board',
    })
    expect(created.status).toBe(201)
    const { id: boardThread } = await created.json()
    return { home, board, resident, stranger, boardThread }
  }

  it('lists channels only to members, and board channels only to the board', async () => {
    const w = await world()
    const list = async (token: string) =>
      client(t.app, token).get(`/api/collab/threads?org=${w.home.coop.id}`)
    const strangerRes = await list(w.stranger.token)
    expect(strangerRes.status).toBe(404)
    expect(Object.keys(await strangerRes.json())).toEqual(['error'])
    const residentView = await (await list(w.resident.token)).json()
    expect(residentView.threads).toEqual([])
    expect(residentView.abilities.create).toBe(false)
    const boardView = await (await list(w.board.token)).json()
    expect(boardView.threads.map((x: { id: string }) => x.id)).toEqual([w.boardThread])
  })

  it('creates channels for board and staff only; outsiders get 404', async () => {
    const w = await world()
    const body = { org: w.home.coop.id, title: 'Yard talk' }
    expect((await client(t.app, w.stranger.token).post('/api/collab/threads', body)).status).toBe(404)
    expect((await client(t.app, w.resident.token).post('/api/collab/threads', body)).status).toBe(403)
    expect(
      (await client(t.app, w.board.token).post('/api/collab/threads', { ...body, extra: 1 })).status,
    ).toBe(422)
  })

  it('names thread authors only to readers of the thread', async () => {
    const w = await world()
    const path = `/api/collab/threads/${w.boardThread}/people`
    expect((await client(t.app, w.stranger.token).get(path)).status).toBe(404)
    expect((await client(t.app, w.resident.token).get(path)).status).toBe(404)
    expect((await client(t.app, w.board.token).get(path)).status).toBe(200)
  })

  it('issues a short-lived websocket token only to a signed-in user', async () => {
    const w = await world()
    expect((await client(t.app).post('/api/collab/token')).status).toBe(401)
    const res = await client(t.app, w.resident.token).post('/api/collab/token')
    expect(res.status).toBe(200)
    const { token, expiresAt } = await res.json()
    expect(typeof token).toBe('string')
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
