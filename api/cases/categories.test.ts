import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseCategories } from '../../schema/api/cases.ts'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * A cooperative's case categories: staff and board add, rename and retire them; a retired one
 * stays on old cases (and still names them) but new cases cannot take it.
 */
describe.each(ENGINES)('case categories on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world() {
    const db = t.deps.db
    const home = await managedCooperative(db)
    const away = await managedCooperative(db)
    return {
      home,
      resident: await member(db, home.coop.id, 'resident'),
      board: await member(db, home.coop.id, 'board_member'),
      auditor: await member(db, home.coop.id, 'auditor'),
      manager: await member(db, home.mgmt.id, 'property_manager'),
      awayManager: await member(db, away.mgmt.id, 'property_manager'),
      stranger: await member(db, away.coop.id, 'board_member'),
    }
  }

  const list = async (token: string, org: string, all = false) => {
    const res = await client(t.app, token).get(`/api/cases/categories?org=${org}${all ? '&all=1' : ''}`)
    expect(res.status).toBe(200)
    return (await res.json()) as CaseCategories
  }

  it('board adds and renames, staff retires; the retired one stays on old cases only', async () => {
    const w = await world()
    const org = w.home.coop.id
    const before = await list(w.resident.token, org)
    expect(before.custom).toBe(false)
    expect(before.abilities).toEqual({ manage: false })
    expect((await list(w.board.token, org)).abilities).toEqual({ manage: true })

    const added = await client(t.app, w.board.token).post('/api/cases/categories', {
      org,
      name: 'Sauna ja pesutupa',
    })
    expect(added.status).toBe(201)
    const afterAdd = (await added.json()) as CaseCategories
    const sauna = afterAdd.categories.find((c) => c.name === 'Sauna ja pesutupa')
    expect(sauna).toMatchObject({ key: 'sauna_ja_pesutupa', active: true })
    // The defaults became the cooperative's own rows: none lost.
    expect(afterAdd.categories.map((c) => c.key)).toEqual(expect.arrayContaining(['water_damage', 'other']))
    expect(afterAdd.categories).toHaveLength(before.categories.length + 1)

    // A case filed under it, then the category is renamed and retired.
    const filed = await client(t.app, w.resident.token).post('/api/cases', {
      org,
      title: 'Saunan kiuas ei lämpene',
      category: sauna!.key,
    })
    expect(filed.status).toBe(201)
    const caseId = ((await filed.json()) as { id: string }).id
    const renamed = await client(t.app, w.board.token).patch(`/api/cases/categories/${sauna!.key}`, {
      org,
      name: 'Sauna',
    })
    expect(renamed.status).toBe(200)
    const retired = await client(t.app, w.manager.token).patch(`/api/cases/categories/${sauna!.key}`, {
      org,
      active: false,
    })
    expect(retired.status).toBe(200)

    expect((await list(w.resident.token, org)).categories.some((c) => c.key === sauna!.key)).toBe(false)
    expect((await list(w.resident.token, org, true)).categories.find((c) => c.key === sauna!.key)).toEqual({
      key: sauna!.key,
      name: 'Sauna',
      active: false,
    })
    const old = await client(t.app, w.resident.token).get(`/api/cases/${caseId}`)
    expect(((await old.json()) as { category: string }).category).toBe(sauna!.key)
    const refused = await client(t.app, w.resident.token).post('/api/cases', {
      org,
      title: 'Taas kiuas',
      category: sauna!.key,
    })
    expect(refused.status).toBe(422)

    // Brought back, it is offered again.
    await client(t.app, w.board.token).patch(`/api/cases/categories/${sauna!.key}`, { org, active: true })
    expect((await list(w.resident.token, org)).categories.some((c) => c.key === sauna!.key)).toBe(true)
  })

  it('validates names: empty, too long, duplicate, unknown key, nothing to change, last active', async () => {
    const w = await world()
    const org = w.home.coop.id
    const api = client(t.app, w.board.token)
    expect((await api.post('/api/cases/categories', { org, name: '  ' })).status).toBe(422)
    expect((await api.post('/api/cases/categories', { org, name: 'x'.repeat(101) })).status).toBe(422)
    expect((await api.post('/api/cases/categories', { org, name: 'Piha', extra: 1 })).status).toBe(422)
    expect((await api.post('/api/cases/categories', { org, name: 'Piha' })).status).toBe(201)
    const dup = await api.post('/api/cases/categories', { org, name: 'piha' })
    expect(dup.status).toBe(409)
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe('conflict')
    expect((await api.patch('/api/cases/categories/no_such', { org, name: 'X' })).status).toBe(404)
    expect((await api.patch('/api/cases/categories/Bad-Key', { org, name: 'X' })).status).toBe(422)
    expect((await api.patch('/api/cases/categories/heating', { org })).status).toBe(422)
    // A category of its own needs a name; a default may go back to its translated one.
    expect((await api.patch('/api/cases/categories/piha', { org, name: null })).status).toBe(422)
    expect((await api.patch('/api/cases/categories/heating', { org, name: null })).status).toBe(200)
    // Retire all but one; the last one stays.
    const keys = (await list(w.board.token, org)).categories.map((c) => c.key)
    for (const key of keys.slice(1)) {
      expect((await api.patch(`/api/cases/categories/${key}`, { org, active: false })).status).toBe(200)
    }
    expect((await api.patch(`/api/cases/categories/${keys[0]}`, { org, active: false })).status).toBe(422)
  })

  it('isolation: other cooperatives get 404 with nothing else; members without the role get 403', async () => {
    const w = await world()
    const org = w.home.coop.id
    const calls = (token: string) => {
      const api = client(t.app, token)
      return [
        api.post('/api/cases/categories', { org, name: 'Vieras' }),
        api.patch('/api/cases/categories/heating', { org, name: 'Lämpö' }),
        api.put('/api/cases/categories', { org, categories: [{ key: 'x', name: 'X' }] }),
      ]
    }
    for (const token of [w.stranger.token, w.awayManager.token]) {
      expect((await client(t.app, token).get(`/api/cases/categories?org=${org}`)).status).toBe(404)
      for (const pending of calls(token)) {
        const res = await pending
        expect(res.status).toBe(404)
        expect(Object.keys((await res.json()) as object)).toEqual(['error'])
      }
    }
    for (const token of [w.resident.token, w.auditor.token]) {
      for (const pending of calls(token)) expect((await pending).status).toBe(403)
    }
    // Nothing changed.
    expect((await list(w.board.token, org)).custom).toBe(false)
  })
})
