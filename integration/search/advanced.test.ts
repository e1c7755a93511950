import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { channel, type SearchWorld, startSearchWorld } from './world.ts'

/**
 * The advanced search's filters through GET /api/search: date range and author, validated and
 * applied by the engine; another organisation's author finds nothing.
 */
describe.each(ENGINES)('advanced search filters on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  })
  afterAll(() => w.close())

  type Result = { type: string; author: { id: string; name: string } | null; updatedAt: string }
  const get = (token: string, qs: string) => client(w.app, token).get(`/api/search?${qs}`)
  const search = async (token: string, qs: string) => {
    const res = await get(token, qs)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: Result[] }).results
  }
  const day = (offsetDays: number) =>
    new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

  it('filters by author and by date range, and validates both', async () => {
    const home = await managedCooperative(w.db)
    const away = await managedCooperative(w.db)
    const aino = await member(w.db, home.coop.id, 'resident')
    const eino = await member(w.db, home.coop.id, 'resident')
    const stranger = await member(w.db, away.coop.id, 'resident')
    const word = letters('hakusana', 8)
    const room = await channel(w.db, home.coop.id, 'members')
    await room.post(aino.id, `Aino kirjoittaa ${word}`)
    await room.post(eino.id, `Eino kirjoittaa ${word}`)
    const awayRoom = await channel(w.db, away.coop.id, 'members')
    await awayRoom.post(stranger.id, `Vieras ${word}`)
    const q = `q=${word}`
    await eventually(async () => expect(await search(aino.token, q)).toHaveLength(2))

    const byEino = await search(aino.token, `${q}&author=${eino.id}`)
    expect(byEino.map((r) => r.author?.id)).toEqual([eino.id])
    expect(byEino[0]?.author?.name).toBe(eino.name)
    // Another organisation's author: their messages are not the caller's to find.
    expect(await search(aino.token, `${q}&author=${stranger.id}`)).toEqual([])

    expect(await search(aino.token, `${q}&from=${day(0)}&to=${day(0)}`)).toHaveLength(2)
    expect(await search(aino.token, `${q}&from=${day(1)}`)).toEqual([])
    expect(await search(aino.token, `${q}&to=${day(-1)}`)).toEqual([])

    for (const bad of [`from=${day(1)}&to=${day(0)}`, 'from=yesterday', 'to=2026-02-30', 'author=someone']) {
      const res = await get(aino.token, `${q}&${bad}`)
      expect(res.status, bad).toBe(422)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
    }
  })
})
