import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsumptionResponse, MeterList, ReadingList, RoundDetail } from '../../schema/api/meters.ts'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { dayOffset } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { countingApp } from '../test/statements.ts'
import { meterWorld, withSecondBuilding } from './testWorld.ts'

describe.each(ENGINES)('meters API on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('a resident lists and submits for their own apartment only; a neighbour meter is 404', async () => {
    const w = await meterWorld(t.deps.db)
    const resident = client(t.app, w.resident.token)
    const list = (await (await resident.get(`/api/meters/${w.coop.id}`)).json()) as MeterList
    expect(list.meters.map((m) => m.id)).toEqual([w.water1])
    expect(list.meters[0]!.lastReading).toMatchObject({ value: 103 })
    expect(list.abilities).toEqual({ overview: false, manage: false })
    // Issue 19: one statement whoever asks: the organisation's row from the session cache, the
    // meters with their last readings, and on the first row staff's building and apartment choices.
    const counted = countingApp(t)
    const own = await counted.get<MeterList>(w.resident.token, `/api/meters/${w.coop.id}`)
    expect(own.body).toEqual(list)
    expect(own.statements).toBe(1)
    const staff = await counted.get<MeterList>(w.manager.token, `/api/meters/${w.coop.id}`)
    expect(staff.statements).toBe(1)
    const db = t.deps.db
    const choices = async (orgId: string) => ({
      buildings: await db
        .selectFrom('buildings')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .orderBy('name')
        .execute(),
      apartments: await db
        .selectFrom('apartments')
        .select(['id', 'number', 'building_id as buildingId'])
        .where('org_id', '=', orgId)
        .orderBy('number')
        .execute(),
    })
    expect(staff.body).toMatchObject(await choices(w.coop.id))
    expect(staff.body.buildings.length).toBeGreaterThan(0)
    // A cooperative without meters: the choices alone, in a statement of their own.
    const bare = await managedCooperative(db)
    const manager = await member(db, bare.coop.id, 'property_manager')
    const empty = await counted.get<MeterList>(manager.token, `/api/meters/${bare.coop.id}`)
    expect(empty.body).toEqual({
      meters: [],
      abilities: staff.body.abilities,
      ...(await choices(bare.coop.id)),
    })
    expect(empty.body.apartments).toHaveLength(1)
    expect(empty.statements).toBe(2)
    expect(staff.body.meters.find((m) => m.id === w.water1)?.lastReading).toMatchObject({ value: 103 })
    expect(staff.body.meters.find((m) => m.id === w.heat)?.lastReading).toBeNull()
    // Asking for the neighbour's apartment by filter gives nothing either.
    const filtered = (await (
      await resident.get(`/api/meters/${w.coop.id}?apartmentId=${w.a2}`)
    ).json()) as MeterList
    expect(filtered.meters).toEqual([])

    const ok = await resident.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: '103,9',
      readOn: dayOffset(0),
    })
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as { reading: { status: string; source: string } }).reading).toMatchObject({
      status: 'accepted',
      source: 'resident',
      value: 103.9,
    })
    for (const path of [`${w.water2}/readings`, `${w.heat}/readings`]) {
      expect(
        (await resident.post(`/api/meters/${w.coop.id}/${path}`, { value: 1, readOn: dayOffset(0) })).status,
      ).toBe(404)
      expect((await resident.get(`/api/meters/${w.coop.id}/${path}`)).status).toBe(404)
    }
    // The owner of A 2 may not see A 1's history; the board may (read only), the auditor too.
    expect(
      (await client(t.app, w.owner2.token).get(`/api/meters/${w.coop.id}/${w.water1}/readings`)).status,
    ).toBe(404)
    const board = client(t.app, w.board.token)
    expect((await board.get(`/api/meters/${w.coop.id}/${w.water1}/readings`)).status).toBe(200)
    expect(
      (
        await board.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
          value: 200,
          readOn: dayOffset(0),
        })
      ).status,
    ).toBe(403)
  })

  it('a contractor, an investor and another cooperative see no readings at all', async () => {
    const w = await meterWorld(t.deps.db)
    for (const who of [w.contractor, w.investor, w.stranger, w.strangerAccountant]) {
      const c = client(t.app, who.token)
      expect((await c.get(`/api/meters/${w.coop.id}`)).status).toBe(404)
      expect((await c.get(`/api/meters/${w.coop.id}/${w.water1}/readings`)).status).toBe(404)
      expect((await c.get(`/api/meters/${w.coop.id}/consumption?meterId=${w.water1}`)).status).toBe(404)
      expect(
        (await c.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, { value: 500, readOn: dayOffset(0) }))
          .status,
      ).toBe(404)
    }
  })

  it('validation: a lower value and a future date are refused with a reason; a meter change is accepted', async () => {
    const w = await meterWorld(t.deps.db)
    const owner = client(t.app, w.owner.token)
    const low = await owner.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 99,
      readOn: dayOffset(0),
    })
    expect(low.status).toBe(422)
    const body = (await low.json()) as {
      error: { code: string; details: { reason: string; previous: { value: number } } }
    }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details).toMatchObject({ reason: 'below_previous', previous: { value: 103 } })
    const future = await owner.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 104,
      readOn: dayOffset(2),
    })
    expect(((await future.json()) as typeof body).error.details.reason).toBe('future_date')
    const changed = await owner.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 2,
      readOn: dayOffset(0),
      meterChange: true,
    })
    expect(changed.status).toBe(201)
    // Oversize, wrong types, unknown fields: 422 before anything is stored.
    for (const bad of [
      { value: 1e12, readOn: dayOffset(0) },
      { value: 'lots', readOn: dayOffset(0) },
      { value: 1, readOn: '2026-02-30' },
      { value: 1.2345, readOn: dayOffset(0) },
      { value: 1, readOn: dayOffset(0), status: 'accepted' },
    ]) {
      expect((await owner.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, bad)).status).toBe(422)
    }
    const history = (await (
      await owner.get(`/api/meters/${w.coop.id}/${w.water1}/readings`)
    ).json()) as ReadingList
    expect(history.readings).toHaveLength(5)
  })

  it('an outlier is stored flagged, listed for review, and settled by staff (not by the resident)', async () => {
    const w = await meterWorld(t.deps.db)
    const res = await client(t.app, w.resident.token).post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 150,
      readOn: dayOffset(0),
    })
    expect(res.status).toBe(201)
    const { reading, expectedPerDay } = (await res.json()) as {
      reading: { id: string; status: string; flagReason: string }
      expectedPerDay: number
    }
    expect(reading).toMatchObject({ status: 'flagged', flagReason: 'high_consumption' })
    expect(expectedPerDay).toBeCloseTo(0.1, 5)
    const manager = client(t.app, w.manager.token)
    const queue = (await (await manager.get(`/api/meters/${w.coop.id}/review`)).json()) as {
      readings: { id: string; previous: { value: number } }[]
    }
    expect(queue.readings.map((r) => r.id)).toEqual([reading.id])
    expect(queue.readings[0]!.previous.value).toBe(103)
    const resident = client(t.app, w.resident.token)
    expect((await resident.get(`/api/meters/${w.coop.id}/review`)).status).toBe(403)
    expect(
      (
        await resident.post(`/api/meters/${w.coop.id}/readings/${reading.id}/review`, {
          decision: 'accepted',
        })
      ).status,
    ).toBe(403)
    const settled = await client(t.app, w.maintenance.token).post(
      `/api/meters/${w.coop.id}/readings/${reading.id}/review`,
      { decision: 'rejected' },
    )
    expect(settled.status).toBe(200)
    // A rejected reading no longer counts: the next one is judged against 103 again.
    const next = await resident.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 104,
      readOn: dayOffset(0),
    })
    expect(next.status).toBe(201)
  })

  it('staff create meters; residents and the board may not; a meter in another cooperative building is refused', async () => {
    const w = await meterWorld(t.deps.db)
    const meter = {
      buildingId: w.buildingId,
      apartmentId: w.a2,
      kind: 'hot_water',
      serial: 'HW-1',
      unit: 'm3',
    }
    expect((await client(t.app, w.owner2.token).post(`/api/meters/${w.coop.id}`, meter)).status).toBe(403)
    expect((await client(t.app, w.board.token).post(`/api/meters/${w.coop.id}`, meter)).status).toBe(403)
    const manager = client(t.app, w.manager.token)
    expect((await manager.post(`/api/meters/${w.coop.id}`, meter)).status).toBe(201)
    expect((await manager.post(`/api/meters/${w.coop.id}`, meter)).status).toBe(409)
    const foreign = { ...meter, buildingId: w.away.buildingId, apartmentId: null, serial: 'X' }
    expect((await manager.post(`/api/meters/${w.coop.id}`, foreign)).status).toBe(422)
    expect((await manager.delete(`/api/meters/${w.coop.id}/${w.water2}`)).status).toBe(204)
    const retired = await client(t.app, w.owner2.token).post(
      `/api/meters/${w.coop.id}/${w.water2}/readings`,
      {
        value: 1,
        readOn: dayOffset(0),
      },
    )
    expect(retired.status).toBe(422)
  })

  it('staff correct a meter (serial, unit, location, kind); maintenance of another building, residents and other cooperatives may not', async () => {
    const w = await meterWorld(t.deps.db)
    const x = await withSecondBuilding(t.deps.db, w)
    const path = `/api/meters/${w.coop.id}/${w.water2}`
    const change = { serial: ' CW-77 ', unit: 'l', location: 'Kylpyhuone', kind: 'hot_water' }
    // Who may not read the meter learns nothing of it; a reader without the role is refused.
    for (const who of [
      w.stranger,
      w.strangerAccountant,
      w.contractor,
      x.maintenanceB,
      w.owner,
      x.residentB,
    ]) {
      const res = await client(t.app, who.token).patch(path, change)
      expect(res.status, who.email).toBe(404)
      expect(Object.keys(await res.json())).toEqual(['error'])
    }
    for (const who of [w.board, w.auditor, w.owner2]) {
      expect((await client(t.app, who.token).patch(path, change)).status, who.email).toBe(403)
    }
    const res = await client(t.app, x.maintenanceA.token).patch(path, change)
    expect(res.status).toBe(200)
    const { meter } = (await res.json()) as { meter: MeterList['meters'][number] }
    expect(meter).toMatchObject({
      id: w.water2,
      serial: 'CW-77',
      unit: 'l',
      location: 'Kylpyhuone',
      kind: 'hot_water',
    })
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', w.water2)
      .execute()
    expect(audit).toEqual([{ action: 'meter.updated', actor_id: x.maintenanceA.id }])
    // Only what is sent changes; the manager may too.
    const manager = client(t.app, w.manager.token)
    expect((await manager.patch(path, { location: '' })).status).toBe(200)
    const list = (await (await manager.get(`/api/meters/${w.coop.id}`)).json()) as MeterList
    expect(list.meters.find((m) => m.id === w.water2)).toMatchObject({ serial: 'CW-77', location: '' })
    // zod: nothing to change, unknown fields, bad values, a moved building: 422.
    for (const bad of [
      {},
      { serial: '' },
      { unit: 'gallons' },
      { kind: 'gas' },
      { buildingId: x.buildingB },
      { serial: 'x'.repeat(61) },
    ]) {
      expect((await manager.patch(path, bad)).status, JSON.stringify(bad)).toBe(422)
    }
    // Another live meter's serial of the same kind: 409; a retired meter: 409; a forged id: 404.
    expect(
      (await manager.patch(`/api/meters/${w.coop.id}/${w.water1}`, { serial: 'CW-77', kind: 'hot_water' }))
        .status,
    ).toBe(409)
    expect((await manager.delete(path)).status).toBe(204)
    expect((await manager.patch(path, { serial: 'CW-78' })).status).toBe(409)
    expect((await manager.patch(`/api/meters/${w.coop.id}/${w.away.coop.id}`, { serial: 'Z' })).status).toBe(
      404,
    )
  })

  it('a reading round shows who has submitted; residents see their own part of an open round', async () => {
    const w = await meterWorld(t.deps.db)
    const manager = client(t.app, w.manager.token)
    const opened = await manager.post(`/api/meters/${w.coop.id}/rounds`, {
      buildingId: w.buildingId,
      title: 'Vesi, Q4',
      kind: 'cold_water',
      opensOn: dayOffset(-1),
      dueOn: dayOffset(7),
    })
    expect(opened.status).toBe(201)
    const { round } = (await opened.json()) as { round: { id: string; submitted: number; expected: number } }
    expect(round).toMatchObject({ submitted: 0, expected: 2 })
    await client(t.app, w.owner2.token).post(`/api/meters/${w.coop.id}/${w.water2}/readings`, {
      value: 5,
      readOn: dayOffset(0),
    })
    const detail = (await (await manager.get(`/api/meters/${w.coop.id}/rounds/${round.id}`)).json()) as {
      round: RoundDetail
    }
    expect(detail.round.submitted).toBe(1)
    expect(detail.round.meters.find((m) => m.meterId === w.water2)!.reading).toMatchObject({ value: 5 })
    const mine = (await (
      await client(t.app, w.owner.token).get(`/api/meters/${w.coop.id}/rounds`)
    ).json()) as {
      rounds: { id: string; mine: boolean; expected: number; submitted: number }[]
    }
    expect(mine.rounds).toEqual([
      expect.objectContaining({ id: round.id, mine: true, expected: 1, submitted: 0 }),
    ])
    expect(
      (await client(t.app, w.owner.token).get(`/api/meters/${w.coop.id}/rounds/${round.id}`)).status,
    ).toBe(404)
    expect(
      (await client(t.app, w.board.token).post(`/api/meters/${w.coop.id}/rounds/${round.id}/close`)).status,
    ).toBe(403)
    expect((await manager.post(`/api/meters/${w.coop.id}/rounds/${round.id}/close`)).status).toBe(204)
  })

  it('consumption per month against the previous year, as JSON and as Finnish CSV', async () => {
    const w = await meterWorld(t.deps.db)
    const owner = client(t.app, w.owner.token)
    const json = (await (
      await owner.get(`/api/meters/${w.coop.id}/consumption?meterId=${w.water1}`)
    ).json()) as ConsumptionResponse
    expect(json.unit).toBe('m3')
    expect(json.rows).toHaveLength(12)
    const total = json.rows.reduce((n, r) => n + (r.current ?? 0), 0)
    expect(total).toBeCloseTo(3, 3)
    const apt = (await (
      await owner.get(`/api/meters/${w.coop.id}/consumption?apartmentId=${w.a1}&kind=cold_water`)
    ).json()) as ConsumptionResponse
    expect(apt.meters).toBe(1)
    expect(
      (await owner.get(`/api/meters/${w.coop.id}/consumption?buildingId=${w.buildingId}&kind=cold_water`))
        .status,
    ).toBe(404)
    const board = await client(t.app, w.board.token).get(
      `/api/meters/${w.coop.id}/consumption?buildingId=${w.buildingId}&kind=cold_water&format=csv&lang=fi`,
    )
    expect(board.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await board.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    expect(text.split('\r\n')[0]).toBe('Kuukausi;Kulutus;Edellinen vuosi;Yksikkö')
    expect(text).toMatch(/;\d+,\d+;/)
  })

  it('a photo of the meter is stored cleaned and shown to who may read the meter', async () => {
    const w = await meterWorld(t.deps.db)
    const owner = client(t.app, w.owner.token)
    const res = await owner.post(`/api/meters/${w.coop.id}/${w.water1}/readings`, {
      value: 104,
      readOn: dayOffset(0),
    })
    const { reading } = (await res.json()) as { reading: { id: string } }
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0af' } })
      .png()
      .toBuffer()
    const put = (token: string, body: BodyInit) =>
      t.app.request(`http://localhost:3000/api/meters/${w.coop.id}/readings/${reading.id}/photo`, {
        method: 'PUT',
        headers: {
          origin: 'http://localhost:3000',
          cookie: `kp_session=${token}`,
          'content-type': 'image/png',
        },
        body,
      })
    expect((await put(w.owner2.token, png)).status).toBe(404)
    expect((await put(w.resident.token, png)).status).toBe(403)
    expect((await put(w.owner.token, 'plain text')).status).toBe(415)
    expect((await put(w.owner.token, png)).status).toBe(204)
    const photo = await owner.get(`/api/meters/${w.coop.id}/readings/${reading.id}/photo`)
    expect(photo.status).toBe(200)
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff')
    expect(
      (await client(t.app, w.owner2.token).get(`/api/meters/${w.coop.id}/readings/${reading.id}/photo`))
        .status,
    ).toBe(404)
  })
})
