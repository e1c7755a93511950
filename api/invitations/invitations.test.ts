import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBuilding, managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client, sessionFrom } from '../test/http.ts'
import { tokenFromMail } from '../test/scenarios.ts'

describe.each(ENGINES)('invitations on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('invites by email with a scope; accepting creates the account, the membership and a session', async () => {
    const { coop, apartmentId } = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, coop.id, 'org_admin')
    const email = `new-${crypto.randomUUID()}@x.fi`
    const res = await client(t.app, admin.token).post(`/api/orgs/${coop.id}/invitations`, {
      email,
      role: 'owner',
      apartmentId,
    })
    expect(res.status).toBe(201)
    const token = await tokenFromMail(t, email, 'invitation')
    const preview = await (await client(t.app).get(`/api/invitations/${token}`)).json()
    expect(preview).toMatchObject({ email, role: 'owner', accountExists: false })
    const accept = await client(t.app).post('/api/invitations/accept', {
      token,
      name: 'Uusi Omistaja',
      password: 'a good password',
    })
    expect(accept.status).toBe(200)
    const me = await (await client(t.app, sessionFrom(accept)).get('/api/me')).json()
    expect(me.organisations).toMatchObject([{ id: coop.id, roles: ['owner'] }])
    const membership = await t.deps.db
      .selectFrom('memberships')
      .select(['apartment_id', 'building_id'])
      .where('org_id', '=', coop.id)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow()
    expect(membership.apartment_id).toBe(apartmentId)
    expect(membership.building_id).not.toBeNull()
    // Single use.
    const again = await client(t.app).post('/api/invitations/accept', {
      token,
      name: 'X',
      password: 'a good password',
    })
    expect(again.status).toBe(410)
  })

  it('an existing account must be signed in as the invited address to accept', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, coop.id, 'org_admin')
    const other = await managedCooperative(t.deps.db)
    const invitee = await member(t.deps.db, other.coop.id, 'resident')
    await client(t.app, admin.token).post(`/api/orgs/${coop.id}/invitations`, {
      email: invitee.email,
      role: 'board_member',
    })
    const token = await tokenFromMail(t, invitee.email, 'invitation')
    const anonymous = await client(t.app).post('/api/invitations/accept', {
      token,
      name: 'X',
      password: 'a good password',
    })
    expect(anonymous.status).toBe(409)
    const wrongUser = await client(t.app, admin.token).post('/api/invitations/accept', { token })
    expect(wrongUser.status).toBe(409)
    const ok = await client(t.app, invitee.token).post('/api/invitations/accept', { token })
    expect(ok.status).toBe(200)
    const me = await (await client(t.app, invitee.token).get('/api/me')).json()
    expect(me.organisations.map((o: { id: string }) => o.id).sort()).toEqual([coop.id, other.coop.id].sort())
  })

  it('refuses a scope in another organisation, a role the kind lacks, and a scoped staff role', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const other = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, coop.id, 'org_admin')
    const api = client(t.app, admin.token)
    const email = `x-${crypto.randomUUID()}@x.fi`
    const foreign = await api.post(`/api/orgs/${coop.id}/invitations`, {
      email,
      role: 'owner',
      apartmentId: other.apartmentId,
    })
    expect(foreign.status).toBe(422)
    const wrongKind = await api.post(`/api/orgs/${coop.id}/invitations`, { email, role: 'investor' })
    expect(wrongKind.status).toBe(422)
    const { buildingId } = await createBuilding(t.deps.db, coop.id, 'C')
    const scopedBoard = await api.post(`/api/orgs/${coop.id}/invitations`, {
      email,
      role: 'board_member',
      buildingId,
    })
    expect(scopedBoard.status).toBe(422)
    const badRole = await api.post(`/api/orgs/${coop.id}/invitations`, { email, role: 'king' })
    expect(badRole.status).toBe(422)
  })

  it('refuses expired and revoked invitations', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, coop.id, 'org_admin')
    const email = `x-${crypto.randomUUID()}@x.fi`
    const { invitation } = await (
      await client(t.app, admin.token).post(`/api/orgs/${coop.id}/invitations`, { email, role: 'resident' })
    ).json()
    const token = await tokenFromMail(t, email, 'invitation')
    await t.deps.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('id', '=', invitation.id)
      .execute()
    expect((await client(t.app).get(`/api/invitations/${token}`)).status).toBe(410)
    await t.deps.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() + 60_000) })
      .where('id', '=', invitation.id)
      .execute()
    expect(
      (await client(t.app, admin.token).delete(`/api/orgs/${coop.id}/invitations/${invitation.id}`)).status,
    ).toBe(200)
    const accept = await client(t.app).post('/api/invitations/accept', {
      token,
      name: 'X',
      password: 'a good password',
    })
    expect(accept.status).toBe(410)
  })
})
