import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { bookingWorld, createResource, helsinki, plusMinutes, resident } from './testWorld.ts'

/**
 * Tenant isolation for every bookings endpoint: a user of another organisation (and that
 * organisation's management staff) gets 404 with nothing but the error; a member without the
 * role gets 403; the right role gets 2xx.
 */
describe.each(ENGINES)('bookings endpoints isolate tenants on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  type Who = 'staff' | 'resident'
  type Call = {
    name: string
    method: 'get' | 'post' | 'patch' | 'delete'
    path: string
    body?: unknown
    allowed: Who
    denied?: 'auditor' | 'resident'
  }

  async function world() {
    const w = await bookingWorld(t)
    const db = t.deps.db
    const resource = await createResource(w)
    const other = await createResource(w)
    const alice = await resident(db, w.orgId, w.buildingId)
    const auditor = await member(db, w.orgId, 'auditor')
    const away = await managedCooperative(db)
    const stranger = await member(db, away.coop.id, 'org_admin')
    const strangerStaff = await member(db, away.mgmt.id, 'org_admin')
    const book = async (days: number) => {
      const start = helsinki(days, '18:00')
      const res = await client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings`, {
        resourceId: resource.id,
        start,
        end: plusMinutes(start, 60),
      })
      return (await res.json()).booking.id as string
    }
    const bookings = [await book(2), await book(3), await book(4)]
    const blackouts = await Promise.all(
      [1, 2].map(async (i) => {
        const res = await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
          start: helsinki(30 + i, '00:00'),
          end: helsinki(30 + i, '06:00'),
        })
        return (await res.json()).blackout.id as string
      }),
    )
    const link = async () => {
      const a = await createResource(w)
      const b = await createResource(w)
      const res = await w.staff.post(`/api/bookings/orgs/${w.orgId}/links`, {
        name: 'Heater',
        resourceIds: [a.id, b.id],
      })
      return (await res.json()).link.id as string
    }
    const links = [await link(), await link()]
    const shift = async (weekday: number) => {
      const res = await w.staff.post(`/api/bookings/orgs/${w.orgId}/standing-shifts`, {
        resourceId: other.id,
        apartmentId: alice.apartmentId,
        weekday,
        startTime: '07:00',
        durationMinutes: 60,
        validFrom: helsinki(1, '12:00').slice(0, 10),
        weeks: 2,
      })
      return (await res.json()).shift.id as string
    }
    const shifts = [await shift(1), await shift(2)]
    const quota = await w.staff.post(`/api/bookings/orgs/${w.orgId}/quota-groups`, {
      name: 'Laundry',
      maxActive: 2,
    })
    const quotaGroupId = (await quota.json()).quotaGroup.id as string
    return {
      w,
      resource,
      alice,
      auditor,
      stranger,
      strangerStaff,
      bookings,
      blackouts,
      links,
      shifts,
      quotaGroupId,
    }
  }

  it('every endpoint: stranger 404, member without role 403, role 2xx', async () => {
    const x = await world()
    const org = x.w.orgId
    const start = helsinki(5, '12:00')
    const calls = (i: 0 | 1): Call[] => [
      { name: 'resources', method: 'get', path: `/api/bookings/orgs/${org}`, allowed: 'resident' },
      {
        name: 'availability',
        method: 'get',
        path: `/api/bookings/orgs/${org}/resources/${x.resource.id}/availability`,
        allowed: 'resident',
      },
      {
        name: 'book',
        method: 'post',
        path: `/api/bookings/orgs/${org}/bookings`,
        body: {
          resourceId: x.resource.id,
          start: helsinki(5 + i, '12:00'),
          end: plusMinutes(helsinki(5 + i, '12:00'), 60),
        },
        allowed: 'resident',
        denied: 'auditor',
      },
      {
        name: 'cancel',
        method: 'post',
        path: `/api/bookings/orgs/${org}/bookings/${x.bookings[i]}/cancel`,
        allowed: 'resident',
        denied: 'auditor',
      },
      {
        name: 'category',
        method: 'post',
        path: `/api/bookings/orgs/${org}/categories`,
        body: { name: 'Laundry' },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'quota group',
        method: 'post',
        path: `/api/bookings/orgs/${org}/quota-groups`,
        body: { name: 'Laundry', maxActive: 2 },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'rename category',
        method: 'patch',
        path: `/api/bookings/orgs/${org}/categories/${x.w.categoryId}`,
        body: { name: `Sauna ${i}` },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'edit quota group',
        method: 'patch',
        path: `/api/bookings/orgs/${org}/quota-groups/${x.quotaGroupId}`,
        body: { maxActive: 3 + i },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'list blackouts',
        method: 'get',
        path: `/api/bookings/orgs/${org}/resources/${x.resource.id}/blackouts`,
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'create resource',
        method: 'post',
        path: `/api/bookings/orgs/${org}/resources`,
        body: {
          name: 'Club room',
          categoryId: x.w.categoryId,
          mode: 'slots',
          gridMinutes: 60,
          minMinutes: 60,
          maxMinutes: 60,
          openingHours: { '1': [['08:00', '20:00']] },
        },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'edit resource',
        method: 'patch',
        path: `/api/bookings/orgs/${org}/resources/${x.resource.id}`,
        body: { description: `v${i}` },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'blackout',
        method: 'post',
        path: `/api/bookings/orgs/${org}/resources/${x.resource.id}/blackouts`,
        body: { start, end: plusMinutes(start, 60) },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'remove blackout',
        method: 'delete',
        path: `/api/bookings/orgs/${org}/blackouts/${x.blackouts[i]}`,
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'unlink',
        method: 'delete',
        path: `/api/bookings/orgs/${org}/links/${x.links[i]}`,
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'list shifts',
        method: 'get',
        path: `/api/bookings/orgs/${org}/standing-shifts`,
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'create shift',
        method: 'post',
        path: `/api/bookings/orgs/${org}/standing-shifts`,
        body: {
          resourceId: x.resource.id,
          apartmentId: x.alice.apartmentId,
          weekday: 3 + i,
          startTime: '06:00',
          durationMinutes: 60,
          validFrom: helsinki(1, '12:00').slice(0, 10),
          weeks: 1,
        },
        allowed: 'staff',
        denied: 'resident',
      },
      {
        name: 'end shift',
        method: 'delete',
        path: `/api/bookings/orgs/${org}/standing-shifts/${x.shifts[i]}`,
        allowed: 'staff',
        denied: 'resident',
      },
    ]
    const tokens = { staff: x.w.manager.token, resident: x.alice.token, auditor: x.auditor.token }
    const send = (token: string, call: Call) => {
      const http = client(t.app, token)
      return call.method === 'get' || call.method === 'delete'
        ? http[call.method](call.path)
        : http[call.method](call.path, call.body)
    }
    // Outsiders and members without the role first (they must change nothing), then the right role.
    for (const call of calls(0)) {
      for (const outsider of [x.stranger.token, x.strangerStaff.token]) {
        const res = await send(outsider, call)
        expect(res.status, `${call.name}: outsider`).toBe(404)
        expect(Object.keys(await res.json()), call.name).toEqual(['error'])
      }
      if (call.denied) {
        expect((await send(tokens[call.denied], call)).status, `${call.name}: ${call.denied}`).toBe(403)
      }
    }
    for (const call of calls(0)) {
      const res = await send(tokens[call.allowed], call)
      expect(res.status, `${call.name}: ${call.allowed} ${await res.clone().text()}`).toBeLessThan(300)
    }
    // My bookings never show another organisation's bookings.
    const theirs = await (await client(t.app, x.stranger.token).get('/api/bookings/mine')).json()
    expect(theirs.bookings).toEqual([])
    const foreign = await client(t.app, x.stranger.token).get(`/api/bookings/mine?orgId=${org}`)
    expect((await foreign.json()).bookings).toEqual([])
  })
})
