import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { financeCalls } from '../finance/isolationCalls.ts'
import { createApiKey } from '../finance/keys/apiKeys.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { createInvitationFor } from '../test/scenarios.ts'

/**
 * Tenant isolation for every organisation endpoint: a user of another organisation gets 404
 * and nothing else; a member without the role gets 403; the right role gets 2xx.
 */
describe.each(ENGINES)('organisation endpoints isolate tenants on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  type Call = {
    name: string
    method: 'get' | 'post' | 'patch' | 'put' | 'delete'
    path: string
    body?: unknown
    allowed: string
  }

  async function world() {
    const home = await managedCooperative(t.deps.db)
    const away = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, home.coop.id, 'org_admin')
    const board = await member(t.deps.db, home.coop.id, 'board_member')
    const resident = await member(t.deps.db, home.coop.id, 'resident')
    const victim = await member(t.deps.db, home.coop.id, 'resident')
    const stranger = await member(t.deps.db, away.coop.id, 'org_admin')
    const strangerStaff = await member(t.deps.db, away.mgmt.id, 'org_admin')
    const invitation = await createInvitationFor(t, home.coop.id, admin.token)
    return { home, away, admin, board, resident, victim, stranger, strangerStaff, invitation }
  }

  function calls(w: Awaited<ReturnType<typeof world>>): Call[] {
    const org = w.home.coop.id
    return [
      { name: 'read structure', method: 'get', path: `/api/orgs/${org}`, allowed: 'resident' },
      { name: 'list members', method: 'get', path: `/api/orgs/${org}/members`, allowed: 'board' },
      { name: 'list invitations', method: 'get', path: `/api/orgs/${org}/invitations`, allowed: 'admin' },
      {
        name: 'invite',
        method: 'post',
        path: `/api/orgs/${org}/invitations`,
        body: { email: `new-${crypto.randomUUID()}@x.fi`, role: 'resident' },
        allowed: 'admin',
      },
      {
        name: 'change role',
        method: 'patch',
        path: `/api/orgs/${org}/members/${w.victim.membershipId}`,
        body: { role: 'owner' },
        allowed: 'admin',
      },
      {
        name: 'add building',
        method: 'post',
        path: `/api/orgs/${org}/buildings`,
        body: { name: `B-${crypto.randomUUID().slice(0, 6)}`, staircases: ['A'] },
        allowed: 'admin',
      },
      {
        name: 'add apartment',
        method: 'post',
        path: `/api/orgs/${org}/apartments`,
        body: {
          buildingId: w.home.buildingId,
          number: `X ${crypto.randomUUID().slice(0, 6)}`,
          areaM2: 45.5,
          shareCount: 455,
        },
        allowed: 'admin',
      },
      { name: 'read audit', method: 'get', path: `/api/orgs/${org}/audit`, allowed: 'admin' },
      {
        name: 'revoke invitation',
        method: 'delete',
        path: `/api/orgs/${org}/invitations/${w.invitation}`,
        allowed: 'admin',
      },
      {
        name: 'remove member',
        method: 'delete',
        path: `/api/orgs/${org}/members/${w.victim.membershipId}`,
        allowed: 'admin',
      },
    ]
  }

  it('every endpoint: stranger 404, member without role 403, role 2xx', async () => {
    const w = await world()
    const tokens: Record<string, string> = {
      admin: w.admin.token,
      board: w.board.token,
      resident: w.resident.token,
    }
    const order = ['resident', 'board', 'admin']
    for (const call of calls(w)) {
      for (const outsider of [w.stranger.token, w.strangerStaff.token]) {
        const res = await client(t.app, outsider).send(call.method.toUpperCase(), call.path, call.body)
        expect(res.status, `${call.name} by another organisation`).toBe(404)
        const body = await res.json()
        expect(Object.keys(body), call.name).toEqual(['error'])
      }
      const allowedFrom = order.indexOf(call.allowed)
      for (const [i, who] of order.entries()) {
        if (i >= allowedFrom) continue
        const res = await client(t.app, tokens[who]).send(call.method.toUpperCase(), call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(403)
      }
      const res = await client(t.app, tokens[call.allowed]).send(
        call.method.toUpperCase(),
        call.path,
        call.body,
      )
      expect(res.status, `${call.name} by ${call.allowed}`).toBeLessThan(300)
    }
  })

  it('suspension: only the managing company admin or a platform admin, never a member or a stranger', async () => {
    const w = await world()
    const path = `/api/orgs/${w.home.coop.id}/status`
    const body = { status: 'suspended', reason: 'Unpaid invoices' }
    expect((await client(t.app, w.stranger.token).put(path, body)).status).toBe(404)
    expect((await client(t.app, w.strangerStaff.token).put(path, body)).status).toBe(404)
    expect((await client(t.app, w.admin.token).put(path, body)).status).toBe(403)
    const mgmtAdmin = await member(t.deps.db, w.home.mgmt.id, 'org_admin')
    expect((await client(t.app, mgmtAdmin.token).put(path, body)).status).toBe(200)
    // Suspended: its members can no longer act in it, and access changes are announced.
    expect((await client(t.app, w.resident.token).get(`/api/orgs/${w.home.coop.id}`)).status).toBe(404)
    expect(t.accessChanges).toContainEqual({ kind: 'org', orgId: w.home.coop.id })
    const platform = await createUser(t.deps.db, { platformAdmin: true })
    const platformToken = await signIn(t.deps.db, platform.id)
    const reactivate = await client(t.app, platformToken).put(path, { status: 'active', reason: 'Paid' })
    expect(reactivate.status).toBe(200)
    expect((await client(t.app, w.resident.token).get(`/api/orgs/${w.home.coop.id}`)).status).toBe(200)
  })

  it('a resident of one cooperative reads nothing of another through /me', async () => {
    const w = await world()
    const me = await (await client(t.app, w.stranger.token).get('/api/me')).json()
    expect(JSON.stringify(me)).not.toContain(w.home.coop.id)
    expect(me.organisations.map((o: { id: string }) => o.id)).toEqual([w.away.coop.id])
  })

  it("another organisation's membership id cannot be changed through one's own organisation", async () => {
    const w = await world()
    // The stranger is admin of their own cooperative and names a membership of ours in its URL.
    const res = await client(t.app, w.stranger.token).patch(
      `/api/orgs/${w.away.coop.id}/members/${w.victim.membershipId}`,
      {
        role: 'owner',
      },
    )
    expect(res.status).toBe(404)
    const row = await t.deps.db
      .selectFrom('memberships')
      .select('role')
      .where('id', '=', w.victim.membershipId)
      .executeTakeFirstOrThrow()
    expect(row.role).toBe('resident')
  })

  it("an apartment cannot be added to another organisation's building", async () => {
    const w = await world()
    const res = await client(t.app, w.admin.token).post(`/api/orgs/${w.home.coop.id}/apartments`, {
      buildingId: w.away.buildingId,
      number: 'Z 1',
      areaM2: 40,
      shareCount: 400,
    })
    expect(res.status).toBe(422)
    const dup = await client(t.app, w.admin.token).post(`/api/orgs/${w.home.coop.id}/apartments`, {
      buildingId: w.home.buildingId,
      number: 'A 1',
      areaM2: 40,
      shareCount: 400,
    })
    expect(dup.status).toBe(409)
  })

  it('platform admin routes refuse everyone else', async () => {
    const w = await world()
    for (const token of [w.admin.token, w.stranger.token, w.strangerStaff.token]) {
      expect((await client(t.app, token).get('/api/admin/orgs')).status).toBe(403)
      expect((await client(t.app, token).get('/api/admin/audit')).status).toBe(403)
    }
    expect((await client(t.app).get('/api/admin/orgs')).status).toBe(401)
    const platform = await createUser(t.deps.db, { platformAdmin: true })
    await addMembership(t.deps.db, w.home.mgmt.id, platform.id, 'accountant')
    const res = await client(t.app, await signIn(t.deps.db, platform.id)).get('/api/admin/orgs')
    expect(res.status).toBe(200)
    const unverified = await client(t.app, await signIn(t.deps.db, platform.id, false)).get('/api/admin/orgs')
    expect(unverified.status).toBe(403)
  })

  it('finance endpoints: another organisation 404, a member without the role 403 (or 404 for what is not theirs), the role 2xx', async () => {
    const w = await financeWorld(t.deps.db)
    const key = await createApiKey(t.deps.db, {
      orgId: w.coop.id,
      name: 'ERP',
      scopes: ['finance:write'],
      createdBy: null,
    })
    const people = w as unknown as Record<string, { token: string }>
    for (const call of await financeCalls(t.deps.db, w, key.id)) {
      for (const who of call.hidden) {
        const res = await client(t.app, people[who]!.token).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(404)
        expect(Object.keys(await res.json()), call.name).toEqual(['error'])
      }
      for (const who of call.forbidden) {
        const res = await client(t.app, people[who]!.token).send(call.method, call.path, call.body)
        expect(res.status, `${call.name} by ${who}`).toBe(403)
      }
      const res = await client(t.app, people[call.allowed]!.token).send(call.method, call.path, call.body)
      expect(res.status, `${call.name} by ${call.allowed}`).toBeLessThan(300)
    }
    // The import API: another organisation's key finds nothing here.
    const otherKey = await createApiKey(t.deps.db, {
      orgId: w.away.coop.id,
      name: 'Other',
      scopes: ['finance:write'],
      createdBy: null,
    })
    const res = await t.app.request(`http://localhost:3000/api/import/${w.coop.id}/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherKey.token}`, 'content-type': 'application/x-ndjson' },
      body: '',
    })
    expect(res.status).toBe(404)
  })
})
