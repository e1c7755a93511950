import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../finance/keys/apiKeys.ts'
import { dayOffset } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type MeterWorld, meterWorld } from './testWorld.ts'

/**
 * Every meter endpoint as another organisation (404, body holds only the error), as a member
 * without the role (403, or 404 for a meter that is not theirs) and as the right role (2xx).
 */
interface Call {
  name: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
  allowed: keyof MeterWorld
  forbidden: (keyof MeterWorld)[]
  hidden: (keyof MeterWorld)[]
}

const OUTSIDERS: (keyof MeterWorld)[] = ['stranger', 'strangerAccountant', 'contractor', 'investor']

async function calls(t: TestContext, w: MeterWorld): Promise<Call[]> {
  const m = `/api/meters/${w.coop.id}`
  const flagged = await client(t.app, w.owner.token).post(`${m}/${w.water1}/readings`, {
    value: 160,
    readOn: dayOffset(0),
  })
  const readingId = ((await flagged.json()) as { reading: { id: string } }).reading.id
  const round = await client(t.app, w.manager.token).post(`${m}/rounds`, {
    buildingId: w.buildingId,
    title: 'Heat',
    kind: 'heat',
    opensOn: dayOffset(-1),
    dueOn: dayOffset(3),
  })
  const roundId = ((await round.json()) as { round: { id: string } }).round.id
  return [
    { name: 'list', method: 'GET', path: m, allowed: 'resident', forbidden: [], hidden: OUTSIDERS },
    {
      name: 'create',
      method: 'POST',
      path: m,
      body: { buildingId: w.buildingId, kind: 'electricity', serial: 'E-1', unit: 'kWh' },
      allowed: 'manager',
      forbidden: ['owner', 'board'],
      hidden: OUTSIDERS,
    },
    {
      name: 'readings',
      method: 'GET',
      path: `${m}/${w.water1}/readings`,
      allowed: 'owner',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner2'],
    },
    {
      name: 'submit',
      method: 'POST',
      path: `${m}/${w.water2}/readings`,
      body: { value: 1, readOn: dayOffset(0) },
      allowed: 'owner2',
      forbidden: ['board', 'auditor'],
      hidden: [...OUTSIDERS, 'owner', 'resident'],
    },
    {
      name: 'review list',
      method: 'GET',
      path: `${m}/review`,
      allowed: 'maintenance',
      forbidden: ['owner', 'board'],
      hidden: OUTSIDERS,
    },
    {
      name: 'review',
      method: 'POST',
      path: `${m}/readings/${readingId}/review`,
      body: { decision: 'accepted' },
      allowed: 'manager',
      forbidden: ['owner', 'board'],
      hidden: [...OUTSIDERS, 'owner2'],
    },
    {
      name: 'photo',
      method: 'GET',
      path: `${m}/readings/${readingId}/photo`,
      // No photo was added: the owner gets 404 for the photo itself, so only outsiders are asked.
      allowed: 'owner',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner2'],
    },
    {
      name: 'rounds',
      method: 'GET',
      path: `${m}/rounds`,
      allowed: 'board',
      forbidden: [],
      hidden: OUTSIDERS,
    },
    {
      name: 'open round',
      method: 'POST',
      path: `${m}/rounds`,
      body: { buildingId: w.buildingId, title: 'Water', opensOn: dayOffset(0), dueOn: dayOffset(1) },
      allowed: 'maintenance',
      forbidden: ['owner', 'board'],
      hidden: OUTSIDERS,
    },
    {
      name: 'round',
      method: 'GET',
      path: `${m}/rounds/${roundId}`,
      allowed: 'board',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner'],
    },
    {
      name: 'consumption',
      method: 'GET',
      path: `${m}/consumption?buildingId=${w.buildingId}&kind=heat`,
      allowed: 'auditor',
      forbidden: [],
      hidden: [...OUTSIDERS, 'owner'],
    },
    {
      name: 'edit',
      method: 'PATCH',
      path: `${m}/${w.heat}`,
      body: { location: 'Lämmönjakohuone' },
      allowed: 'maintenance',
      forbidden: ['board', 'auditor'],
      hidden: [...OUTSIDERS, 'owner'],
    },
    {
      name: 'retire',
      method: 'DELETE',
      path: `${m}/${w.heat}`,
      allowed: 'manager',
      forbidden: ['board'],
      hidden: [...OUTSIDERS, 'owner'],
    },
    {
      name: 'close round',
      method: 'POST',
      path: `${m}/rounds/${roundId}/close`,
      allowed: 'manager',
      forbidden: ['board'],
      hidden: [...OUTSIDERS, 'owner'],
    },
  ]
}

describe.each(ENGINES)('meter isolation on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('every meter endpoint: another organisation 404, without the role 403 (404 for what is not theirs), the role 2xx', async () => {
    const w = await meterWorld(t.deps.db)
    const token = (who: keyof MeterWorld) => (w[who] as { token: string }).token
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
      // The photo route answers 404 for a reading without a photo even to its reader.
      if (call.name === 'photo') expect(res.status, `${call.name} by ${call.allowed}`).toBe(404)
      else expect(res.status, `${call.name} by ${call.allowed}`).toBeLessThan(300)
    }
    // Forged ids: a meter id of another cooperative under this one's path is 404.
    const away = await meterWorld(t.deps.db)
    const forged = await client(t.app, w.manager.token).get(
      `/api/meters/${w.coop.id}/${away.water1}/readings`,
    )
    expect(forged.status).toBe(404)
  })

  it('the import API: meters and readings with a directory key, refused rows reported, another organisation key 404', async () => {
    const w = await meterWorld(t.deps.db)
    const key = await createApiKey(t.deps.db, {
      orgId: w.coop.id,
      name: 'BMS',
      scopes: ['directory:write'],
      createdBy: null,
    })
    const send = (kind: string, token: string, body: string, orgId = w.coop.id) =>
      t.app.request(`http://localhost:3000/api/import/${orgId}/${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      })
    const meters = [
      { externalId: 'M1', building: 'A', apartment: 'A 2', kind: 'electricity', serial: 'EL-9', unit: 'kWh' },
      { externalId: 'M2', building: 'Nowhere', kind: 'heat', serial: 'H-9', unit: 'MWh' },
    ]
    const res = await send('meters', key.token, meters.map((m) => JSON.stringify(m)).join('\n'))
    expect(res.status).toBe(200)
    const report = (await res.json()) as {
      counts: Record<string, number>
      rows: { externalId: string; status: string }[]
    }
    expect(report.counts).toMatchObject({ created: 1, refused: 1 })
    const readings = [
      { externalId: 'R1', meter: 'M1', value: 1000, readOn: dayOffset(-10) },
      { externalId: 'R2', meter: 'M1', value: 900, readOn: dayOffset(-5) },
      { externalId: 'R3', meter: 'M1', value: 1010, readOn: dayOffset(-1) },
    ]
    const r = await send('readings', key.token, readings.map((x) => JSON.stringify(x)).join('\n'))
    const rr = (await r.json()) as {
      counts: Record<string, number>
      rows: { externalId: string; status: string }[]
    }
    expect(rr.counts).toMatchObject({ created: 2, refused: 1 })
    expect(rr.rows.find((x) => x.externalId === 'R2')!.status).toBe('refused')
    // Idempotent: the same file again changes nothing.
    const again = await send(
      'readings',
      key.token,
      readings
        .filter((x) => x.externalId !== 'R2')
        .map((x) => JSON.stringify(x))
        .join('\n'),
    )
    expect(((await again.json()) as { counts: Record<string, number> }).counts).toMatchObject({
      unchanged: 2,
    })
    // A finance key lacks the scope; another organisation's key finds nothing here.
    const finance = await createApiKey(t.deps.db, {
      orgId: w.coop.id,
      name: 'ERP',
      scopes: ['finance:write'],
      createdBy: null,
    })
    expect((await send('meters', finance.token, '')).status).toBe(403)
    const other = await createApiKey(t.deps.db, {
      orgId: w.away.coop.id,
      name: 'X',
      scopes: ['directory:write'],
      createdBy: null,
    })
    expect((await send('readings', other.token, '')).status).toBe(404)
  })
})
