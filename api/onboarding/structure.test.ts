import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Editing and removing buildings, staircases and apartments (issue 18): removal is refused while
 * anything refers to the row, with a message saying what; every endpoint is walked as another
 * organisation (404), a member without the role (403) and with forged ids of another organisation.
 */
describe.each(ENGINES)('structure editing on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db

  async function world() {
    const home = await managedCooperative(db())
    const away = await managedCooperative(db())
    const admin = await member(db(), home.mgmt.id, 'org_admin')
    const board = await member(db(), home.coop.id, 'board_member')
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    const staircase = await db()
      .selectFrom('staircases')
      .select('id')
      .where('building_id', '=', home.buildingId)
      .executeTakeFirst()
    return { home, away, admin, board, stranger, staircaseId: staircase?.id }
  }

  it('edits and removes, refusing while referenced with a clear message', async () => {
    const w = await world()
    const api = client(t.app, w.admin.token)
    const org = w.home.coop.id
    const b = await (
      await api.post(`/api/orgs/${org}/buildings`, { name: 'Talo C', staircases: ['A'] })
    ).json()
    const stair = b.building.staircases[0].id
    const apt = await (
      await api.post(`/api/orgs/${org}/apartments`, {
        buildingId: b.building.id,
        staircaseId: stair,
        number: 'A 1',
        areaM2: 50,
        shareCount: 500,
      })
    ).json()
    const aptId = apt.apartment.id
    expect(
      (await api.patch(`/api/orgs/${org}/buildings/${b.building.id}`, { address: 'Uusi katu 2' })).status,
    ).toBe(200)
    expect((await api.patch(`/api/orgs/${org}/staircases/${stair}`, { name: 'B' })).status).toBe(200)
    const patched = await api.patch(`/api/orgs/${org}/apartments/${aptId}`, { areaM2: 51.5, number: 'B 1' })
    expect(await patched.json()).toMatchObject({ apartment: { number: 'B 1', areaM2: 51.5 } })
    // An owner lives there: the apartment, its staircase and building stay.
    const owner = await createUser(db())
    await addMembership(db(), org, owner.id, 'owner', { apartmentId: aptId, buildingId: b.building.id })
    const refused = await api.delete(`/api/orgs/${org}/apartments/${aptId}`)
    expect(refused.status).toBe(409)
    const body = await refused.json()
    expect(body.error.message).toBe(
      'Apartment B 1 cannot be removed: 1 memberships still refer to it. Remove or move those first.',
    )
    const building = await api.delete(`/api/orgs/${org}/buildings/${b.building.id}`)
    expect(building.status).toBe(409)
    expect((await building.json()).error.message).toMatch(/staircases.*apartments|apartments.*staircases/)
    // Once the owner is gone, the apartment, then the staircase, then the building go.
    await db().deleteFrom('memberships').where('user_id', '=', owner.id).execute()
    expect((await api.delete(`/api/orgs/${org}/apartments/${aptId}`)).status).toBe(200)
    expect((await api.delete(`/api/orgs/${org}/staircases/${stair}`)).status).toBe(200)
    expect((await api.delete(`/api/orgs/${org}/buildings/${b.building.id}`)).status).toBe(200)
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', org)
      .where('action', 'like', '%.removed')
      .execute()
    expect(actions.map((a) => a.action).sort()).toEqual([
      'apartment.removed',
      'building.removed',
      'staircase.removed',
    ])
  })

  it('undoes a removal: the same row comes back, unless something changed meanwhile', async () => {
    const w = await world()
    const api = client(t.app, w.admin.token)
    const org = w.home.coop.id
    const b = await (
      await api.post(`/api/orgs/${org}/buildings`, { name: 'Talo U', staircases: ['A'] })
    ).json()
    const building = b.building.id
    const stair = b.building.staircases[0].id
    const made = await api.post(`/api/orgs/${org}/apartments`, {
      buildingId: building,
      staircaseId: stair,
      number: 'A 1',
      areaM2: 54.5,
      shareCount: 545,
    })
    const apt = (await made.json()).apartment.id
    const rowOf = (id: string) =>
      db().selectFrom('apartments').selectAll().where('id', '=', id).executeTakeFirst()
    const before = await rowOf(apt)
    const restore = (kind: string, id: string) => api.post(`/api/orgs/${org}/${kind}s/${id}/restore`, {})
    const reason = async (res: Response) =>
      ((await res.json()) as { error: { details: { reason: string } } }).error.details.reason

    // Removed and put back: the very same row, id and every column.
    expect((await api.delete(`/api/orgs/${org}/apartments/${apt}`)).status).toBe(200)
    expect(await rowOf(apt)).toBeUndefined()
    expect((await restore('apartment', apt)).status).toBe(201)
    expect(await rowOf(apt)).toEqual(before)
    const again = await restore('apartment', apt)
    expect(again.status).toBe(409)
    expect(await reason(again)).toBe('restored')

    // Its staircase removed since: refused until the staircase is back.
    expect((await api.delete(`/api/orgs/${org}/apartments/${apt}`)).status).toBe(200)
    expect((await api.delete(`/api/orgs/${org}/staircases/${stair}`)).status).toBe(200)
    const orphan = await restore('apartment', apt)
    expect(orphan.status).toBe(409)
    expect(await reason(orphan)).toBe('parent_removed')
    expect((await restore('staircase', stair)).status).toBe(201)
    expect((await restore('apartment', apt)).status).toBe(201)
    expect(await rowOf(apt)).toEqual(before)

    // Another apartment took its number meanwhile: refused, the new one stays.
    expect((await api.delete(`/api/orgs/${org}/apartments/${apt}`)).status).toBe(200)
    const newcomer = await api.post(`/api/orgs/${org}/apartments`, {
      buildingId: building,
      number: 'A 1',
      areaM2: 30,
      shareCount: 300,
    })
    expect(newcomer.status).toBe(201)
    const newcomerId = (await newcomer.json()).apartment.id
    const taken = await restore('apartment', apt)
    expect(taken.status).toBe(409)
    expect(await reason(taken)).toBe('taken')

    // A building, emptied and removed, comes back too; what was never removed has nothing to undo.
    const empty = await (await api.post(`/api/orgs/${org}/buildings`, { name: 'Talo V' })).json()
    expect((await api.delete(`/api/orgs/${org}/buildings/${empty.building.id}`)).status).toBe(200)
    expect((await restore('building', empty.building.id)).status).toBe(201)
    expect((await restore('building', w.home.buildingId)).status).toBe(404)
    const audited = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', org)
      .where('action', 'like', '%.restored')
      .execute()
    expect(audited.map((a) => a.action).sort()).toEqual([
      'apartment.restored',
      'apartment.restored',
      'building.restored',
      'staircase.restored',
    ])

    // Another organisation's user: 404; a board member: 403; our URL with another
    // organisation's removed row: 404, and it stays removed.
    const awayApt = await client(t.app, w.stranger.token).post(`/api/orgs/${w.away.coop.id}/apartments`, {
      buildingId: w.away.buildingId,
      number: 'Z 9',
      areaM2: 20,
      shareCount: 200,
    })
    expect(awayApt.status).toBe(201)
    const awayId = (await awayApt.json()).apartment.id
    expect(
      (await client(t.app, w.stranger.token).delete(`/api/orgs/${w.away.coop.id}/apartments/${awayId}`))
        .status,
    ).toBe(200)
    expect((await restore('apartment', awayId)).status).toBe(404)
    expect(await rowOf(awayId)).toBeUndefined()
    for (const path of [
      `/api/orgs/${org}/apartments/${apt}/restore`,
      `/api/orgs/${org}/staircases/${stair}/restore`,
      `/api/orgs/${org}/buildings/${building}/restore`,
    ]) {
      expect((await client(t.app, w.stranger.token).post(path, {})).status, `${path} by a stranger`).toBe(404)
      expect((await client(t.app, w.board.token).post(path, {})).status).toBe(403)
    }
    // Once the newcomer is gone, the number is free and the undo goes through.
    expect((await api.delete(`/api/orgs/${org}/apartments/${newcomerId}`)).status).toBe(200)
    expect((await restore('apartment', apt)).status).toBe(201)
    expect(await rowOf(apt)).toEqual(before)
  })

  it('every endpoint: another organisation 404, a board member 403, forged ids 404', async () => {
    const w = await world()
    const org = w.home.coop.id
    const away = w.away.coop.id
    const awayStair = await db()
      .insertInto('staircases')
      .values({ org_id: away, building_id: w.away.buildingId, name: 'Z' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const calls = [
      ['patch', `/api/orgs/${org}/buildings/${w.home.buildingId}`, { name: 'X' }],
      ['delete', `/api/orgs/${org}/buildings/${w.home.buildingId}`, undefined],
      ['post', `/api/orgs/${org}/buildings/${w.home.buildingId}/staircases`, { name: 'Q' }],
      ['patch', `/api/orgs/${org}/apartments/${w.home.apartmentId}`, { areaM2: 20 }],
      ['delete', `/api/orgs/${org}/apartments/${w.home.apartmentId}`, undefined],
      ['patch', `/api/orgs/${org}`, { name: 'As Oy X' }],
    ] as const
    for (const [method, path, body] of calls) {
      const res = await client(t.app, w.stranger.token).send(method.toUpperCase(), path, body)
      expect(res.status, `${method} ${path} by a stranger`).toBe(404)
      expect(Object.keys(await res.json())).toEqual(['error'])
      expect((await client(t.app, w.board.token).send(method.toUpperCase(), path, body)).status).toBe(403)
    }
    // Onboarding reads: the checklist (structure managers) and the company's cooperatives.
    const checklist = `/api/onboarding/cooperatives/${org}/checklist`
    expect((await client(t.app, w.stranger.token).get(checklist)).status).toBe(404)
    expect((await client(t.app, w.board.token).get(checklist)).status).toBe(403)
    expect((await client(t.app, w.admin.token).get(checklist)).status).toBe(200)
    const cooperatives = `/api/onboarding/${w.home.mgmt.id}/cooperatives`
    expect((await client(t.app, w.stranger.token).get(cooperatives)).status).toBe(404)
    const maintenance = await member(db(), w.home.mgmt.id, 'maintenance_staff')
    expect((await client(t.app, maintenance.token).get(cooperatives)).status).toBe(403)
    const listed = await (await client(t.app, w.admin.token).get(cooperatives)).json()
    expect(listed.cooperatives.map((c: { id: string }) => c.id)).toEqual([org])
    // Our organisation in the URL, another organisation's row: not found, and untouched.
    const api = client(t.app, w.admin.token)
    expect(
      (await api.patch(`/api/orgs/${org}/buildings/${w.away.buildingId}`, { name: 'Stolen' })).status,
    ).toBe(404)
    expect((await api.delete(`/api/orgs/${org}/apartments/${w.away.apartmentId}`)).status).toBe(404)
    expect((await api.patch(`/api/orgs/${org}/staircases/${awayStair.id}`, { name: 'S' })).status).toBe(404)
    expect((await api.delete(`/api/orgs/${org}/staircases/${awayStair.id}`)).status).toBe(404)
    const moved = await api.patch(`/api/orgs/${org}/apartments/${w.home.apartmentId}`, {
      staircaseId: awayStair.id,
    })
    expect(moved.status).toBe(422)
    const awayBuilding = await db()
      .selectFrom('buildings')
      .select('name')
      .where('id', '=', w.away.buildingId)
      .executeTakeFirstOrThrow()
    expect(awayBuilding.name).not.toBe('Stolen')
    // Wrong types and oversize values are refused by validation.
    expect(
      (await api.patch(`/api/orgs/${org}/apartments/${w.home.apartmentId}`, { areaM2: 'big' })).status,
    ).toBe(422)
    expect(
      (await api.patch(`/api/orgs/${org}/buildings/${w.home.buildingId}`, { name: 'x'.repeat(500) })).status,
    ).toBe(422)
    expect((await api.patch(`/api/orgs/${org}/buildings/not-a-uuid`, { name: 'x' })).status).toBe(422)
  })
})
