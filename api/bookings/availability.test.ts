import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays as addDaysIso } from '../../server/bookings/time.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { countingApp } from '../test/statements.ts'
import { bookingShortcuts, helsinki, plusMinutes } from './testWorld.ts'

/**
 * What residents and staff see of bookings: availability by day (taken, own, or who booked) and
 * the personal ICS feed behind a secret, revocable URL.
 */
describe.each(ENGINES)('availability and feeds on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const { book, setup } = bookingShortcuts(() => t)

  it('availability from a day: seven days starting on it (the page opens on today, not Monday)', async () => {
    const { w, resource, alice } = await setup()
    const start = helsinki(3, '20:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const from = start.slice(0, 10)
    const avail = await (
      await client(t.app, alice.token).get(
        `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=${from}`,
      )
    ).json()
    expect(avail.week).toBe(from)
    expect(avail.days.map((d: { date: string }) => d.date)).toHaveLength(7)
    expect(avail.days[0].date).toBe(from)
    const cell = avail.days[0].cells.find((c: { start: string }) => c.start === new Date(start).toISOString())
    expect(cell).toMatchObject({ status: 'taken', booking: { mine: true } })
    // A bad date is refused like any other input.
    const bad = await client(t.app, alice.token).get(
      `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=6.12.2026`,
    )
    expect(bad.status).toBe(422)
  })

  it('availability over 1 to 42 days (the day and month views); more is refused', async () => {
    const { w, resource, alice } = await setup()
    const from = helsinki(1, '12:00').slice(0, 10)
    const get = (days: number) =>
      client(t.app, alice.token).get(
        `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?from=${from}&days=${days}`,
      )
    const dates = async (days: number) =>
      ((await (await get(days)).json()).days as Array<{ date: string }>).map((d) => d.date)
    expect(await dates(1)).toEqual([from])
    const month = await dates(42)
    expect(month).toHaveLength(42)
    expect(month[41]).toBe(addDaysIso(from, 41))
    expect((await get(43)).status).toBe(422)
    expect((await get(0)).status).toBe(422)
  })

  it('the overview names the closed periods of the coming two weeks to every member, without the reason', async () => {
    const { w, resource, alice } = await setup()
    const closed = { start: helsinki(2, '08:00'), end: helsinki(2, '16:00') }
    await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
      ...closed,
      reason: 'Heater service',
    })
    await w.staff.post(`/api/bookings/orgs/${w.orgId}/resources/${resource.id}/blackouts`, {
      start: helsinki(40, '08:00'),
      end: helsinki(40, '16:00'),
      reason: 'Far ahead',
    })
    const overview = await (await client(t.app, alice.token).get(`/api/bookings/orgs/${w.orgId}`)).json()
    expect(overview.closed).toEqual([
      {
        resourceId: resource.id,
        start: new Date(closed.start).toISOString(),
        end: new Date(closed.end).toISOString(),
      },
    ])
  })

  it('availability: residents see "taken" and their own; staff see who', async () => {
    const { w, resource, alice, bob } = await setup()
    const start = helsinki(3, '20:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const cellFor = async (token: string) => {
      const a = await (
        await client(t.app, token).get(
          `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?week=${start.slice(0, 10)}`,
        )
      ).json()
      return a.days
        .flatMap((d: { cells: unknown[] }) => d.cells)
        .find((c: { start: string }) => c.start === new Date(start).toISOString())
    }
    expect((await cellFor(bob.token)).booking).toEqual({ id: null, mine: false })
    expect((await cellFor(alice.token)).booking).toMatchObject({ mine: true })
    expect((await cellFor(alice.token)).booking.apartment).toBeUndefined()
    expect((await cellFor(w.manager.token)).booking).toMatchObject({
      apartment: alice.apartmentNumber,
      bookedBy: alice.name,
    })
    // Issue 19: three statements a week (the resource, the bookings of it and its linked
    // resources, its blackouts); the organisation's row is the session cache's and the caller's
    // apartments come from the principal.
    const counted = await countingApp(t).get<{
      days: Array<{ cells: Array<{ booking?: { mine: boolean } }> }>
    }>(
      alice.token,
      `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?week=${start.slice(0, 10)}`,
    )
    expect(counted.statements).toBe(3)
    expect(counted.body.days.flatMap((d) => d.cells).filter((c) => c.booking?.mine)).toHaveLength(1)
  })

  it('ICS feed of my bookings behind a secret, revocable URL', async () => {
    const { w, resource, alice } = await setup()
    const start = helsinki(3, '18:00')
    await book(alice.token, w.orgId, { resourceId: resource.id, start, end: plusMinutes(start, 60) })
    const created = await client(t.app, alice.token).post('/api/bookings/feed-token')
    expect(created.status).toBe(201)
    const { url } = await created.json()
    const path = new URL(url).pathname
    const feed = await t.app.request(`http://localhost:3000${path}`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toContain('text/calendar')
    const text = await feed.text()
    expect(text).toContain('BEGIN:VCALENDAR')
    expect(text).toContain(`DTSTART:${new Date(start).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`)
    // A new URL revokes the old; revoking leaves none.
    const second = (await (await client(t.app, alice.token).post('/api/bookings/feed-token')).json()).url
    expect((await t.app.request(`http://localhost:3000${path}`)).status).toBe(404)
    expect((await t.app.request(`http://localhost:3000${new URL(second).pathname}`)).status).toBe(200)
    expect((await client(t.app, alice.token).delete('/api/bookings/feed-token')).status).toBe(200)
    expect((await t.app.request(`http://localhost:3000${new URL(second).pathname}`)).status).toBe(404)
  })
})
