import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import {
  addMembership,
  createBuilding,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../../server/test/factories.ts'
import { channel, type SearchWorld, startSearchWorld } from './world.ts'

/**
 * The visibility matrix through GET /api/search: for each role, and for another organisation,
 * what must and must not be found; a folder whose visibility changes; a hidden message and a
 * deleted document gone from search within 2 s.
 */
describe.each(ENGINES)('search visibility on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  })
  afterAll(() => w.close())

  const word = (p: string) => letters(p, 8)

  async function namedMember(orgId: string, name: string) {
    const user = await createUser(w.db, { name })
    await addMembership(w.db, orgId, user.id, 'resident')
    return { ...user, token: await signIn(w.db, user.id) }
  }

  async function world() {
    const home = await managedCooperative(w.db)
    const away = await managedCooperative(w.db)
    const buildingB = await createBuilding(w.db, home.coop.id, 'B')
    const m = {
      staff: await member(w.db, home.mgmt.id, 'property_manager'),
      admin: await member(w.db, home.coop.id, 'org_admin'),
      board: await member(w.db, home.coop.id, 'board_member'),
      resident: await namedMember(home.coop.id, `Aino ${letters('Virtanen')}`),
      auditor: await member(w.db, home.coop.id, 'auditor'),
      stranger: await member(w.db, away.coop.id, 'org_admin'),
    }
    const residentB = await createUser(w.db)
    await addMembership(w.db, home.coop.id, residentB.id, 'resident', { buildingId: buildingB.buildingId })
    const users = { ...m, residentB: { ...residentB, token: await signIn(w.db, residentB.id) } }
    const words = {
      common: word('yleinen'),
      board: word('hallitus'),
      buildingA: word('taloa'),
      buildingB: word('talob'),
      channel: word('kanava'),
      boardChannel: word('hallituskanava'),
      foreign: word('vieras'),
    }
    const admin = client(w.app, m.admin.token)
    const folder = async (orgToken: string, orgId: string, name: string, visibility: object) => {
      const res = await client(w.app, orgToken).post(`/api/documents/${orgId}/folders`, { name, visibility })
      expect(res.status).toBe(201)
      return ((await res.json()) as { id: string }).id
    }
    const upload = async (token: string, orgId: string, folderId: string, text: string) => {
      const res = await w.app.request(
        `http://localhost:3000/api/documents/${orgId}/folders/${folderId}/documents?name=${word('doc')}.txt`,
        {
          method: 'POST',
          headers: { origin: 'http://localhost:3000', cookie: `kp_session=${token}` },
          body: text,
        },
      )
      expect(res.status).toBe(201)
      return ((await res.json()) as { id: string }).id
    }
    const folders = {
      common: await folder(m.admin.token, home.coop.id, 'Yleiset', {}),
      board: await folder(m.admin.token, home.coop.id, 'Hallitus', { groups: ['board'] }),
      buildingA: await folder(m.admin.token, home.coop.id, 'Talo A', { buildingId: home.buildingId }),
      buildingB: await folder(m.admin.token, home.coop.id, 'Talo B', { buildingId: buildingB.buildingId }),
    }
    const docs = {
      common: await upload(m.admin.token, home.coop.id, folders.common, `Järjestyssäännöt ${words.common}`),
      board: await upload(m.admin.token, home.coop.id, folders.board, `Tilinpäätösluonnos ${words.board}`),
      buildingA: await upload(m.admin.token, home.coop.id, folders.buildingA, `Porras A ${words.buildingA}`),
      buildingB: await upload(m.admin.token, home.coop.id, folders.buildingB, `Porras B ${words.buildingB}`),
    }
    const awayFolder = await folder(m.stranger.token, away.coop.id, 'Yleiset', {})
    await upload(m.stranger.token, away.coop.id, awayFolder, `Vieras ${words.foreign} ${words.common}`)
    const members = await channel(w.db, home.coop.id, 'members')
    const boardRoom = await channel(w.db, home.coop.id, 'board')
    const messageId = await members.post(m.resident.id, `Hissi jumissa ${words.channel}`)
    await boardRoom.post(m.board.id, `Isännöitsijän valinta ${words.boardChannel}`)
    void admin
    return { home, away, users, words, folders, docs, members, messageId }
  }

  type World = Awaited<ReturnType<typeof world>>
  type User = keyof World['users']

  const search = async (token: string, q: string, extra = '') => {
    const res = await client(w.app, token).get(`/api/search?q=${encodeURIComponent(q)}${extra}`)
    expect(res.status).toBe(200)
    return (
      (await res.json()) as { results: { type: string; orgId: string; snippet: string; title: string }[] }
    ).results
  }

  it('each role finds exactly what it may see, and nothing of another organisation', async () => {
    const wd = await world()
    const sees: Record<keyof World['words'] | 'person', User[]> = {
      common: ['staff', 'admin', 'board', 'resident', 'auditor', 'residentB'],
      board: ['staff', 'admin', 'board'],
      buildingA: ['staff', 'admin', 'board', 'resident', 'auditor'],
      buildingB: ['staff', 'admin', 'board', 'resident', 'auditor', 'residentB'],
      channel: ['staff', 'admin', 'board', 'resident', 'auditor', 'residentB'],
      boardChannel: ['staff', 'admin', 'board'],
      foreign: ['stranger'],
      // The resident as a person: those who may list members, and the resident themself.
      person: ['staff', 'admin', 'board', 'resident'],
    }
    // Wait until everything written is searchable for someone who sees it, then check the matrix.
    for (const [what, allowed] of Object.entries(sees) as [keyof typeof sees, User[]][]) {
      const q = what === 'person' ? wd.users.resident.name : wd.words[what]
      const who = allowed[0] ?? 'admin'
      await eventually(async () => expect((await search(wd.users[who].token, q)).length).toBeGreaterThan(0))
    }
    for (const [what, allowed] of Object.entries(sees) as [keyof typeof sees, User[]][]) {
      const q = what === 'person' ? wd.users.resident.name : wd.words[what]
      for (const user of Object.keys(wd.users) as User[]) {
        // The common word is in the other organisation too: checked on its own below.
        if (what === 'common' && user === 'stranger') continue
        const results = (await search(wd.users[user].token, q)).filter((r) =>
          what === 'person' ? r.type === 'person' : true,
        )
        expect(results.length > 0, `${user} searching ${what}`).toBe(allowed.includes(user))
        const expectedOrg = what === 'foreign' ? wd.away.coop.id : wd.home.coop.id
        for (const r of results) expect(r.orgId, `${user} searching ${what}`).toBe(expectedOrg)
      }
    }
    // The common word also exists in the other organisation: each side sees only its own.
    expect((await search(wd.users.resident.token, wd.words.common)).map((r) => r.orgId)).toEqual([
      wd.home.coop.id,
    ])
    expect((await search(wd.users.stranger.token, wd.words.common)).map((r) => r.orgId)).toEqual([
      wd.away.coop.id,
    ])
    // Asking for another organisation explicitly is a 404, as everywhere.
    const res = await client(w.app, wd.users.resident.token).get(`/api/search?q=x&org=${wd.away.coop.id}`)
    expect(res.status).toBe(404)
  })

  it('follows a folder whose visibility changes', async () => {
    const wd = await world()
    const resident = wd.users.resident.token
    await eventually(async () => expect(await search(wd.users.admin.token, wd.words.board)).toHaveLength(1))
    expect(await search(resident, wd.words.board)).toEqual([])
    const admin = client(w.app, wd.users.admin.token)
    expect(
      (await admin.patch(`/api/documents/${wd.home.coop.id}/folders/${wd.folders.board}`, { visibility: {} }))
        .status,
    ).toBe(200)
    await eventually(async () => expect(await search(resident, wd.words.board)).toHaveLength(1), {
      timeoutMs: 2000,
    })
    await admin.patch(`/api/documents/${wd.home.coop.id}/folders/${wd.folders.common}`, {
      visibility: { groups: ['board'] },
    })
    await eventually(async () => expect(await search(resident, wd.words.common)).toEqual([]), {
      timeoutMs: 2000,
    })
    expect(await search(wd.users.board.token, wd.words.common)).toHaveLength(1)
  })

  it('a hidden message and a deleted document are gone from search within 2 s', async () => {
    const wd = await world()
    const resident = wd.users.resident.token
    await eventually(async () => expect(await search(resident, wd.words.channel)).toHaveLength(1))
    await eventually(async () => expect(await search(resident, wd.words.common)).toHaveLength(1))
    let started = Date.now()
    await wd.members.hide(wd.messageId, wd.users.admin.id)
    await eventually(async () => expect(await search(resident, wd.words.channel)).toEqual([]), {
      timeoutMs: 2000,
    })
    expect(Date.now() - started).toBeLessThan(2000)
    started = Date.now()
    await client(w.app, wd.users.admin.token).delete(
      `/api/documents/${wd.home.coop.id}/documents/${wd.docs.common}`,
    )
    await eventually(async () => expect(await search(resident, wd.words.common)).toEqual([]), {
      timeoutMs: 2000,
    })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('highlights, filters by type, validates input and requires a session', async () => {
    const wd = await world()
    await eventually(async () =>
      expect(await search(wd.users.resident.token, wd.words.channel)).toHaveLength(1),
    )
    const [hit] = await search(wd.users.resident.token, wd.words.channel)
    expect(hit?.snippet).toContain(`<mark>${wd.words.channel}</mark>`)
    expect(await search(wd.users.resident.token, wd.words.channel, '&types=document')).toEqual([])
    expect(await search(wd.users.resident.token, wd.words.channel, '&types=message')).toHaveLength(1)
    const bad = await client(w.app, wd.users.resident.token).get('/api/search?q=x&types=secret')
    expect(bad.status).toBe(422)
    expect((await client(w.app).get('/api/search?q=x')).status).toBe(401)
  })
})
