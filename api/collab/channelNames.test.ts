import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../schema/roles.ts'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Issue 20: standing channels named in fi, sv and en. The list names each in the reader's
 * language, else fi → en → sv, else the stored title; the board and staff create and rename;
 * another organisation's user gets 404, a resident 403.
 */
describe.each(ENGINES)('channel names on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, 180_000)
  afterAll(() => t.close())

  async function world() {
    const home = await managedCooperative(t.deps.db)
    const away = await managedCooperative(t.deps.db)
    const board = await member(t.deps.db, home.coop.id, 'board_member')
    const resident = await member(t.deps.db, home.coop.id, 'resident')
    const stranger = await member(t.deps.db, away.coop.id, 'board_member')
    return { orgId: home.coop.id, board, resident, stranger }
  }
  type World = Awaited<ReturnType<typeof world>>

  const speaking = (userId: string, language: Language) =>
    t.deps.db.updateTable('users').set({ language }).where('id', '=', userId).execute()

  async function titlesSeen(w: World, who: { id: string; token: string }, language: Language) {
    await speaking(who.id, language)
    const res = await client(t.app, who.token).get(`/api/collab/threads?org=${w.orgId}`)
    expect(res.status).toBe(200)
    const { threads } = (await res.json()) as { threads: Array<{ id: string; title: string }> }
    return Object.fromEntries(threads.map((c) => [c.id, c.title]))
  }

  const create = async (w: World, body: Record<string, unknown>) => {
    const res = await client(t.app, w.board.token).post('/api/collab/threads', { org: w.orgId, ...body })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: string; title: string; names: Record<string, string> }
  }

  it('names each channel in the reader language, with fi → en → sv → stored title after it', async () => {
    const w = await world()
    const all = await create(w, { names: { fi: 'Pihatalkoot', sv: 'Gårdstalko', en: 'Yard work' } })
    expect(all.names).toEqual({ fi: 'Pihatalkoot', sv: 'Gårdstalko', en: 'Yard work' })
    const noFinnish = await create(w, { names: { sv: 'Parkering', en: 'Parking' } })
    const swedishOnly = await create(w, { names: { sv: 'Cyklar' } })
    const oldClient = await create(w, { title: 'Sauna' })
    const legacy = await t.deps.db
      .insertInto('threads')
      .values({ org_id: w.orgId, kind: 'channel', title: 'Vanha kanava', created_by: w.board.id })
      .returning('id')
      .executeTakeFirstOrThrow()

    const sv = await titlesSeen(w, w.resident, 'sv')
    expect(sv[all.id]).toBe('Gårdstalko')
    expect(sv[noFinnish.id]).toBe('Parkering')
    expect(sv[oldClient.id]).toBe('Sauna')
    expect(sv[legacy.id]).toBe('Vanha kanava')
    const en = await titlesSeen(w, w.resident, 'en')
    expect(en[all.id]).toBe('Yard work')
    expect(en[swedishOnly.id]).toBe('Cyklar')
    const fi = await titlesSeen(w, w.resident, 'fi')
    expect(fi[all.id]).toBe('Pihatalkoot')
    expect(fi[noFinnish.id]).toBe('Parking') // en before sv
    // The stored title (notifications, search) is the first of fi → en → sv.
    const stored = await t.deps.db
      .selectFrom('threads')
      .select('title')
      .where('id', '=', noFinnish.id)
      .executeTakeFirst()
    expect(stored?.title).toBe('Parking')
  })

  it('the board renames a channel; the list follows in each language', async () => {
    const w = await world()
    const c = await create(w, { names: { fi: 'Yleinen' } })
    await speaking(w.board.id, 'en')
    const res = await client(t.app, w.board.token).patch(`/api/collab/threads/${c.id}`, {
      names: { fi: 'Yleinen', sv: 'Allmänt', en: 'General' },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: c.id, title: 'General', names: { sv: 'Allmänt' } })
    expect((await titlesSeen(w, w.resident, 'sv'))[c.id]).toBe('Allmänt')
  })

  it('refuses empty, too long and unknown-language names with 422', async () => {
    const w = await world()
    const c = await create(w, { names: { fi: 'Yleinen' } })
    const board = client(t.app, w.board.token)
    for (const res of [
      await board.post('/api/collab/threads', { org: w.orgId, names: { fi: ' ', en: '' } }),
      await board.post('/api/collab/threads', { org: w.orgId }),
      await board.post('/api/collab/threads', { org: w.orgId, names: { ru: 'Общий' } }),
      await board.patch(`/api/collab/threads/${c.id}`, { names: { en: 'x'.repeat(201) } }),
      await board.patch(`/api/collab/threads/${c.id}`, { names: {} }),
      await board.patch(`/api/collab/threads/${c.id}`, { title: 'General' }),
    ]) {
      expect(res.status).toBe(422)
      expect((await res.json()).error.code).toBeTypeOf('string')
    }
    expect((await titlesSeen(w, w.board, 'en'))[c.id]).toBe('Yleinen')
  })

  it('another organisation gets 404 and a resident of the cooperative 403', async () => {
    const w = await world()
    const c = await create(w, { names: { fi: 'Hallitus' }, audience: 'board' })
    const open = await create(w, { names: { fi: 'Kaikki' } })
    const names = { fi: 'Kaapattu', sv: 'Kapad', en: 'Hijacked' }
    const stranger = client(t.app, w.stranger.token)
    const resident = client(t.app, w.resident.token)
    // Another organisation's board member: not found, whatever the channel.
    for (const id of [c.id, open.id]) {
      const res = await stranger.patch(`/api/collab/threads/${id}`, { names })
      expect(res.status).toBe(404)
      expect(Object.keys(await res.json())).toEqual(['error'])
    }
    // A resident: the board's channel is not theirs to see (404); the open one is, but not to rename.
    expect((await resident.patch(`/api/collab/threads/${c.id}`, { names })).status).toBe(404)
    expect((await resident.patch(`/api/collab/threads/${open.id}`, { names })).status).toBe(403)
    const list = await (await resident.get(`/api/collab/threads?org=${w.orgId}`)).json()
    expect(
      list.threads.map((x: { title: string; abilities: { rename: boolean } }) => [
        x.title,
        x.abilities.rename,
      ]),
    ).toEqual([['Kaikki', false]])
    const titles = await t.deps.db
      .selectFrom('threads')
      .select('title')
      .where('org_id', '=', w.orgId)
      .execute()
    expect(titles.map((r) => r.title).sort()).toEqual(['Hallitus', 'Kaikki'])
  })
})
