import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { createApiKey } from '../finance/keys/apiKeys.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { apartmentsCsv, newBusinessId } from './testData.ts'

/**
 * Onboarding (issue 18) over HTTP on both engines: creating organisations, the checklist, the
 * apartments CSV and the import API kind, bulk invitations, and the handover of a cooperative.
 */
describe.each(ENGINES)('onboarding on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db

  async function platformAdmin() {
    const user = await createUser(db(), { platformAdmin: true })
    return signIn(db(), user.id)
  }
  const csv = (token: string, path: string, body: string) =>
    client(t.app, token).post(path, body, { 'content-type': 'text/csv' })

  it('platform admins create management companies and portfolios; nobody else does', async () => {
    const token = await platformAdmin()
    const businessId = newBusinessId()
    const res = await client(t.app, token).post('/api/onboarding/organisations', {
      kind: 'management_company',
      name: 'Isännöinti Uusi Oy',
      businessId,
      address: 'Mannerheimintie 1, Helsinki',
    })
    expect(res.status).toBe(201)
    const { organisation } = await res.json()
    expect(organisation).toMatchObject({ kind: 'management_company', businessId })
    const portfolio = { kind: 'investor_portfolio', name: 'Sijoitus Oy salkku' }
    expect((await client(t.app, token).post('/api/onboarding/organisations', portfolio)).status).toBe(201)
    // The same business ID twice, an invalid one, a cooperative through this door: refused.
    const again = { kind: 'management_company', name: 'Toinen', businessId }
    expect((await client(t.app, token).post('/api/onboarding/organisations', again)).status).toBe(409)
    const invalid = { ...again, businessId: '1234567-2' }
    expect((await client(t.app, token).post('/api/onboarding/organisations', invalid)).status).toBe(422)
    const coop = { kind: 'housing_cooperative', name: 'As Oy Väärä' }
    expect((await client(t.app, token).post('/api/onboarding/organisations', coop)).status).toBe(422)
    const { mgmt } = await managedCooperative(db())
    const staff = await member(db(), mgmt.id, 'org_admin')
    const res2 = await client(t.app, staff.token).post('/api/onboarding/organisations', portfolio)
    expect(res2.status).toBe(403)
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', organisation.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['org.created'])
  })

  it('company staff create a cooperative and follow its checklist; strangers and other roles cannot', async () => {
    const { mgmt } = await managedCooperative(db())
    const away = await managedCooperative(db())
    const manager = await member(db(), mgmt.id, 'property_manager')
    const body = {
      name: 'As Oy Koivukuja',
      businessId: newBusinessId(),
      address: 'Koivukuja 3, 00100 Helsinki',
      fiscalYearStartMonth: 7,
    }
    for (const [who, token, status] of [
      ['maintenance', (await member(db(), mgmt.id, 'maintenance_staff')).token, 403],
      ['accountant', (await member(db(), mgmt.id, 'accountant')).token, 403],
      ['another company', (await member(db(), away.mgmt.id, 'org_admin')).token, 404],
      ['a resident elsewhere', (await member(db(), away.coop.id, 'resident')).token, 404],
    ] as const) {
      const res = await client(t.app, token).post(`/api/onboarding/${mgmt.id}/cooperatives`, body)
      expect(res.status, who).toBe(status)
    }
    const bad = { ...body, businessId: '0000000-1' }
    expect(
      (await client(t.app, manager.token).post(`/api/onboarding/${mgmt.id}/cooperatives`, bad)).status,
    ).toBe(422)
    const res = await client(t.app, manager.token).post(`/api/onboarding/${mgmt.id}/cooperatives`, body)
    expect(res.status).toBe(201)
    const { cooperative } = await res.json()
    expect(cooperative).toMatchObject({ fiscalYearStartMonth: 7, managedBy: mgmt.id })
    expect(t.accessChanges).toContainEqual({ kind: 'org', orgId: cooperative.id })
    // Company staff act in it at once; the checklist starts with the details done.
    const checklist = async () =>
      (
        await (
          await client(t.app, manager.token).get(`/api/onboarding/cooperatives/${cooperative.id}/checklist`)
        ).json()
      ).checklist as { step: string; done: boolean; count: number }[]
    expect((await checklist()).filter((s) => s.done).map((s) => s.step)).toEqual(['details'])
    const imported = await csv(
      manager.token,
      `/api/orgs/${cooperative.id}/import/apartments`,
      apartmentsCsv(4),
    )
    expect(imported.status).toBe(200)
    expect((await checklist()).filter((s) => s.done).map((s) => s.step)).toEqual([
      'details',
      'buildings',
      'apartments',
    ])
    const list = await (
      await client(t.app, manager.token).get(`/api/onboarding/${mgmt.id}/cooperatives`)
    ).json()
    expect(list.cooperatives.map((c: { id: string }) => c.id)).toContain(cooperative.id)
    // Details can be changed by the manager; a cooperative's resident cannot, a stranger finds nothing.
    const patch = await client(t.app, manager.token).patch(`/api/orgs/${cooperative.id}`, {
      address: 'Koivukuja 5',
    })
    expect(patch.status).toBe(200)
    expect((await patch.json()).organisation.address).toBe('Koivukuja 5')
    const resident = await member(db(), cooperative.id, 'resident')
    expect(
      (await client(t.app, resident.token).patch(`/api/orgs/${cooperative.id}`, { name: 'X Oy' })).status,
    ).toBe(403)
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    expect(
      (await client(t.app, stranger.token).patch(`/api/orgs/${cooperative.id}`, { name: 'X Oy' })).status,
    ).toBe(404)
  })

  it('imports 40 apartments from a CSV with a report per row, idempotently, and by the import API', async () => {
    const { coop, mgmt } = await managedCooperative(db())
    const manager = await member(db(), mgmt.id, 'property_manager')
    const path = `/api/orgs/${coop.id}/import/apartments`
    const file = apartmentsCsv(40, [
      'Talo A,,A,A 99,-3,400',
      'Talo A,,A,,40,400',
      'Talo A,,B,B 1,55,100', // the same apartment as row 1 (Talo A, B 1): a duplicate external id
    ])
    const dry = await (await csv(manager.token, `${path}?dryRun=1`, file)).json()
    expect(dry.counts).toEqual({ created: 40, updated: 0, unchanged: 0, refused: 3 })
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('apartments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('org_id', '=', coop.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count()).toBe(1) // only the factory's apartment
    const report = await (await csv(manager.token, path, file)).json()
    expect(report.counts).toEqual({ created: 40, updated: 0, unchanged: 0, refused: 3 })
    const refused = report.rows.filter((r: { status: string }) => r.status === 'refused')
    expect(
      refused.map((r: { row: number; errors: { path: string }[] }) => [r.row, r.errors[0]!.path]),
    ).toEqual([
      [41, 'areaM2'],
      [42, 'number'],
      [43, 'externalId'],
    ])
    expect(await count()).toBe(41)
    const structure = await (await client(t.app, manager.token).get(`/api/orgs/${coop.id}`)).json()
    const talo = structure.buildings.find((b: { name: string }) => b.name === 'Talo A')
    expect(talo.staircases.map((s: { name: string }) => s.name).sort()).toEqual(['A', 'B'])
    expect(talo.apartments.find((a: { number: string }) => a.number === 'A 2')).toMatchObject({
      areaM2: 42.5,
    })
    // The same file again changes nothing; a changed area updates one row.
    const again = await (await csv(manager.token, path, apartmentsCsv(40))).json()
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 40, refused: 0 })
    const changed = apartmentsCsv(40).replace('"42,5",402', '"43,0",402')
    expect((await (await csv(manager.token, path, changed)).json()).counts.updated).toBe(1)

    // The ERP's import API with a directory:write key; a finance key and another org's key cannot.
    const send = (key: string, orgId = coop.id) =>
      t.app.request(`http://localhost:3000/api/import/${orgId}/apartments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: 'externalId,building,number,areaM2,shareCount\nERP-1,Talo C,C 1,61.5,615\n',
      })
    const keyFor = (orgId: string, scope: 'directory:write' | 'finance:write') =>
      createApiKey(db(), { orgId, name: 'ERP', scopes: [scope], createdBy: null })
    const directory = await keyFor(coop.id, 'directory:write')
    const viaApi = await send(directory.token)
    expect(viaApi.status).toBe(200)
    expect((await viaApi.json()).counts.created).toBe(1)
    expect((await send((await keyFor(coop.id, 'finance:write')).token)).status).toBe(403)
    const away = await managedCooperative(db())
    expect((await send((await keyFor(away.coop.id, 'directory:write')).token)).status).toBe(404)
    // Who may upload: the structure managers. The accountant's finance upload does not take this kind.
    const accountant = await member(db(), mgmt.id, 'accountant')
    expect((await csv(accountant.token, path, apartmentsCsv(1))).status).toBe(403)
    expect(
      (await csv(accountant.token, `/api/finance/${coop.id}/import/apartments`, apartmentsCsv(1))).status,
    ).toBe(404)
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    expect((await csv(stranger.token, path, apartmentsCsv(1))).status).toBe(404)
  })

  it('invites a board and owners in bulk, each in their language, with a report per row', async () => {
    const { coop, mgmt } = await managedCooperative(db())
    const manager = await member(db(), mgmt.id, 'property_manager')
    await csv(manager.token, `/api/orgs/${coop.id}/import/apartments`, apartmentsCsv(4))
    const existing = await member(db(), coop.id, 'owner')
    const tag = crypto.randomUUID().slice(0, 8)
    const file = [
      'email,role,apartment,language',
      `puheenjohtaja-${tag}@example.fi,board_member,,fi`,
      `ledamot-${tag}@example.fi,board_member,,sv`,
      `owner-${tag}@example.com,owner,B 1,en`,
      `${existing.email},owner,,`,
      `not-an-email,owner,B 1,fi`,
      `x-${tag}@example.fi,owner,Z 9,fi`,
      `y-${tag}@example.fi,investor,,fi`,
      `z-${tag}@example.fi,board_member,B 1,fi`,
      `ledamot-${tag}@example.fi,board_member,,sv`,
    ].join('\n')
    const path = `/api/orgs/${coop.id}/invitations/bulk`
    const dry = await (await csv(manager.token, `${path}?dryRun=1`, file)).json()
    expect(dry.counts).toEqual({ invited: 3, skipped: 2, refused: 4 })
    const mails = () =>
      db()
        .selectFrom('mail_outbox')
        .select(['to_address', 'subject'])
        .where('to_address', 'like', `%${tag}%`)
        .execute()
    expect(await mails()).toEqual([])
    const res = await csv(manager.token, path, file)
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.counts).toEqual({ invited: 3, skipped: 2, refused: 4 })
    expect(report.rows.map((r: { status: string; path?: string }) => r.path ?? r.status)).toEqual([
      'invited',
      'invited',
      'invited',
      'skipped',
      'email',
      'apartment',
      'role',
      'apartment',
      'skipped',
    ])
    const subjects = Object.fromEntries((await mails()).map((m) => [m.to_address.split('-')[0], m.subject]))
    expect(subjects.puheenjohtaja).toMatch(/Sinut on kutsuttu/)
    expect(subjects.ledamot).not.toMatch(/Sinut on kutsuttu/)
    expect(subjects.owner).toMatch(/invited/i)
    const scoped = await db()
      .selectFrom('invitations')
      .select(['apartment_id', 'language'])
      .where('email', '=', `owner-${tag}@example.com`)
      .executeTakeFirstOrThrow()
    expect(scoped.apartment_id).not.toBeNull()
    expect(scoped.language).toBe('en')
    // Who may: members.manage. A board member 403, another company 404, not CSV 415.
    const board = await member(db(), coop.id, 'board_member')
    expect((await csv(board.token, path, file)).status).toBe(403)
    const away = await managedCooperative(db())
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    expect((await csv(stranger.token, path, file)).status).toBe(404)
    expect((await client(t.app, manager.token).post(path, { email: 'a@b.fi' })).status).toBe(415)
  })

  it('hands a cooperative over: staff access moves at once, audited in all three organisations', async () => {
    const { coop, mgmt } = await managedCooperative(db())
    const next = await managedCooperative(db())
    const oldAdmin = await member(db(), mgmt.id, 'org_admin')
    const oldManager = await member(db(), mgmt.id, 'property_manager')
    const newManager = await member(db(), next.mgmt.id, 'property_manager')
    const resident = await member(db(), coop.id, 'resident')
    const path = `/api/orgs/${coop.id}/handover`
    const body = { to: next.mgmt.id, reason: 'Contract ended 2026-12-31' }
    expect((await client(t.app, newManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(404)
    expect((await client(t.app, oldManager.token).post(path, body)).status).toBe(403)
    expect((await client(t.app, resident.token).post(path, body)).status).toBe(403)
    expect((await client(t.app, newManager.token).post(path, body)).status).toBe(404)
    // A target that is not a management company (the cooperative itself, a forged id): refused.
    const toCoop = await client(t.app, oldAdmin.token).post(path, { ...body, to: next.coop.id })
    expect(toCoop.status).toBe(422)
    const forged = await client(t.app, oldAdmin.token).post(path, { ...body, to: crypto.randomUUID() })
    expect(forged.status).toBe(422)
    const res = await client(t.app, oldAdmin.token).post(path, body)
    expect(res.status).toBe(200)
    expect(t.accessChanges).toContainEqual({ kind: 'org', orgId: coop.id })
    expect((await client(t.app, oldManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(404)
    expect((await client(t.app, newManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(200)
    expect((await client(t.app, resident.token).get(`/api/orgs/${coop.id}`)).status).toBe(200)
    const audited = await db()
      .selectFrom('audit_log')
      .select('org_id')
      .where('action', '=', 'org.handed_over')
      .where('target_id', '=', coop.id)
      .execute()
    expect(audited.map((a) => a.org_id).sort()).toEqual([coop.id, mgmt.id, next.mgmt.id].sort())
    // Platform admins may hand over too; a second handover by the old admin is refused.
    expect((await client(t.app, oldAdmin.token).post(path, { ...body, to: mgmt.id })).status).toBe(404)
    const admin = await platformAdmin()
    expect((await client(t.app, admin).post(path, { ...body, to: mgmt.id })).status).toBe(200)
  })
})
