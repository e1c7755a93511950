import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { bookingWorld, createResource, helsinki, plusMinutes, resident } from './testWorld.ts'

/** PGlite runs every migration at start; on a loaded 2-core machine that can pass 60 s. */
const SLOW_START = 180_000

/** The staff endpoints the rule editor needs beyond create: list blackouts, edit quota groups and categories. */
describe.each(ENGINES)('bookings management on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, SLOW_START)
  afterAll(() => t.close())

  it('lists the blackouts of one resource that have not ended, soonest first', async () => {
    const w = await bookingWorld(t)
    const sauna = await createResource(w)
    const laundry = await createResource(w)
    const add = (resourceId: string, days: number, reason: string) =>
      w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resourceId}/blackouts`, {
        start: helsinki(days, '08:00'),
        end: helsinki(days, '16:00'),
        reason,
      })
    await add(sauna.id, 9, 'Heater service')
    await add(sauna.id, 2, 'Cleaning')
    await add(sauna.id, -3, 'Past')
    await add(laundry.id, 4, 'Other resource')
    const res = await w.staff.get(`/api/bookings/orgs/${w.orgId}/resources/${sauna.id}/blackouts`)
    expect(res.status).toBe(200)
    const { blackouts } = await res.json()
    expect(blackouts.map((b: { reason: string }) => b.reason)).toEqual(['Cleaning', 'Heater service'])
    expect(blackouts[0].start).toBe(new Date(helsinki(2, '08:00')).toISOString())
  })

  it('raising a quota group maximum lets the apartment book one more; an empty change is refused', async () => {
    const w = await bookingWorld(t)
    const group = (
      await (
        await w.staff.post(`/api/bookings/orgs/${w.orgId}/quota-groups`, { name: 'Laundry', maxActive: 1 })
      ).json()
    ).quotaGroup
    const laundry = await createResource(w, { quotaGroupId: group.id })
    const alice = await resident(t.deps.db, w.orgId, w.buildingId)
    const book = (days: number) =>
      client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings`, {
        resourceId: laundry.id,
        start: helsinki(days, '10:00'),
        end: plusMinutes(helsinki(days, '10:00'), 60),
      })
    expect((await book(2)).status).toBe(201)
    const second = await book(3)
    expect((await second.json()).error.details.rule).toBe('quota_reached')
    const url = `/api/bookings/orgs/${w.orgId}/quota-groups/${group.id}`
    const changed = await w.staff.patch(url, { maxActive: 2 })
    expect(await changed.json()).toEqual({ quotaGroup: { id: group.id, name: 'Laundry', maxActive: 2 } })
    expect((await book(3)).status).toBe(201)
    expect((await w.staff.patch(url, {})).status).toBe(422)
    const renamed = await w.staff.patch(`/api/bookings/orgs/${w.orgId}/categories/${w.categoryId}`, {
      name: 'Saunas',
    })
    expect((await renamed.json()).category.name).toBe('Saunas')
  })
})
