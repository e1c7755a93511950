import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type DashboardWorld, dashboardWorld } from './testWorld.ts'

/**
 * Every endpoint of dashboards, the information page, links, "my apartment" and service history
 * as another organisation (404, the body holds only the error), as a member without the role
 * (403 for the cooperative's pages, 404 for a place that is not theirs) and as the right role.
 */
interface Call {
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: unknown
  allowed: keyof DashboardWorld
  forbidden: (keyof DashboardWorld)[]
  hidden: (keyof DashboardWorld)[]
}

const OUTSIDERS: (keyof DashboardWorld)[] = ['stranger', 'strangerAccountant', 'contractor', 'investor']
const layout = { widgets: [{ kind: 'contacts', size: 'small' }] }
const link = { title: 'Portal', url: 'https://portal.example.com' }

async function calls(t: TestContext, w: DashboardWorld): Promise<Call[]> {
  const d = `/api/dashboards/${w.coop.id}`
  const i = `/api/orginfo/${w.coop.id}`
  const made = await client(t.app, w.manager.token).post(`${i}/links`, link)
  const linkId = ((await made.json()) as { link: { id: string } }).link.id
  const a = `/api/apartments/${w.coop.id}`
  const h = `/api/history/${w.coop.id}`
  return [
    {
      name: 'dashboard',
      method: 'GET',
      path: d,
      allowed: 'resident',
      forbidden: [],
      hidden: ['stranger', 'contractor', 'investor'],
    },
    {
      name: 'save layout',
      method: 'PUT',
      path: d,
      body: layout,
      allowed: 'owner',
      forbidden: [],
      hidden: ['stranger', 'contractor'],
    },
    {
      name: 'reset layout',
      method: 'DELETE',
      path: d,
      allowed: 'owner',
      forbidden: [],
      hidden: ['stranger', 'contractor'],
    },
    {
      name: 'defaults',
      method: 'GET',
      path: `${d}/defaults`,
      allowed: 'orgAdmin',
      forbidden: ['board', 'owner'],
      hidden: OUTSIDERS,
    },
    {
      name: 'set default',
      method: 'PUT',
      path: `${d}/defaults/board`,
      body: layout,
      allowed: 'manager',
      forbidden: ['board', 'resident', 'maintenance'],
      hidden: OUTSIDERS,
    },
    {
      name: 'reset default',
      method: 'DELETE',
      path: `${d}/defaults/board`,
      allowed: 'manager',
      forbidden: ['board', 'auditor'],
      hidden: OUTSIDERS,
    },
    { name: 'info', method: 'GET', path: i, allowed: 'resident', forbidden: [], hidden: OUTSIDERS },
    {
      name: 'edit info',
      method: 'PUT',
      path: i,
      body: { contacts: [{ role: 'Huolto' }] },
      allowed: 'board',
      forbidden: ['resident', 'owner', 'auditor', 'maintenance'],
      hidden: OUTSIDERS,
    },
    {
      name: 'add link',
      method: 'POST',
      path: `${i}/links`,
      body: link,
      allowed: 'manager',
      forbidden: ['board', 'owner'],
      hidden: OUTSIDERS,
    },
    {
      name: 'change link',
      method: 'PUT',
      path: `${i}/links/${linkId}`,
      body: link,
      allowed: 'orgAdmin',
      forbidden: ['board', 'resident'],
      hidden: OUTSIDERS,
    },
    {
      name: 'order links',
      method: 'PUT',
      path: `${i}/links-order`,
      body: { ids: [linkId] },
      allowed: 'manager',
      forbidden: ['board'],
      hidden: OUTSIDERS,
    },
    {
      name: 'remove link',
      method: 'DELETE',
      path: `${i}/links/${linkId}`,
      allowed: 'manager',
      forbidden: ['board'],
      hidden: OUTSIDERS,
    },
    {
      name: 'my apartments',
      method: 'GET',
      path: `${a}/mine`,
      allowed: 'owner',
      forbidden: [],
      hidden: OUTSIDERS,
    },
    {
      name: 'apartment',
      method: 'GET',
      path: `${a}/${w.a1}`,
      allowed: 'resident',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner2', 'auditor', 'maintenance', 'accountant'],
    },
    {
      name: 'building history',
      method: 'GET',
      path: `${h}/buildings/${w.buildingId}`,
      allowed: 'maintenance',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner', 'resident', 'auditor', 'accountant'],
    },
    {
      name: 'apartment history',
      method: 'GET',
      path: `${h}/apartments/${w.a1}`,
      allowed: 'ownerRep',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner2', 'resident', 'auditor'],
    },
  ]
}

describe.each(ENGINES)('dashboard isolation on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('every endpoint: another organisation 404, without the role 403 (404 for a place not theirs), the role 2xx', async () => {
    const w = await dashboardWorld(t.deps.db)
    const token = (who: keyof DashboardWorld) => (w[who] as { token: string }).token
    for (const call of await calls(t, w)) {
      for (const who of call.hidden) {
        const res = await client(t.app, token(who)).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(404)
        expect(Object.keys(await res.json()), call.name).toEqual(['error'])
      }
      for (const who of call.forbidden) {
        const res = await client(t.app, token(who)).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(403)
      }
      const res = await client(t.app, token(call.allowed)).send(call.method, call.path, call.body)
      expect(res.status, `${call.name} by ${call.allowed}`).toBeLessThan(300)
    }
  })

  it('forged ids: an apartment, building or link of another cooperative under this one is 404, also to its staff', async () => {
    const w = await dashboardWorld(t.deps.db)
    const other = await dashboardWorld(t.deps.db)
    const manager = client(t.app, w.manager.token)
    expect((await manager.get(`/api/apartments/${w.coop.id}/${other.a1}`)).status).toBe(404)
    expect((await manager.get(`/api/history/${w.coop.id}/apartments/${other.a1}`)).status).toBe(404)
    expect((await manager.get(`/api/history/${w.coop.id}/buildings/${other.buildingId}`)).status).toBe(404)
    const made = await client(t.app, other.manager.token).post(`/api/orginfo/${other.coop.id}/links`, link)
    const linkId = ((await made.json()) as { link: { id: string } }).link.id
    expect((await manager.put(`/api/orginfo/${w.coop.id}/links/${linkId}`, link)).status).toBe(404)
    expect((await manager.delete(`/api/orginfo/${w.coop.id}/links/${linkId}`)).status).toBe(404)
    // Reordering with a foreign id leaves the other cooperative's link where it was.
    await manager.put(`/api/orginfo/${w.coop.id}/links-order`, { ids: [crypto.randomUUID(), linkId] })
    const row = await t.deps.db
      .selectFrom('org_links')
      .select(['org_id', 'position'])
      .where('id', '=', linkId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ org_id: other.coop.id, position: 0 })
    // Another cooperative's history is not in this one's (the stranger's cases never show).
    const h = (await (await manager.get(`/api/history/${w.coop.id}/buildings/${w.buildingId}`)).json()) as {
      entries: { caseId: string }[]
    }
    expect(h.entries.map((e) => e.caseId)).toEqual([w.closedInA1])
  })
})
