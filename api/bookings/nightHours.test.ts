import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BOOKING_TIME_ZONE } from '../../schema/bookings.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { bookingWorld, createResource, helsinki, nextDstSunday, plusMinutes, resident } from './testWorld.ts'

/** PGlite runs every migration at start; on a loaded 2-core machine that can pass 60 s. */
const SLOW_START = 180_000

/** Opening hours past midnight (a sauna 20:00–01:00, a laundry 22:00–04:00) through the API. */
const every = (from: string, to: string) =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [[from, to]]]))

type Cell = { start: string; status: string }
type Day = { date: string; cells: Cell[] }
const local = (iso: string) => DateTime.fromISO(iso, { zone: BOOKING_TIME_ZONE }).toFormat('HH:mm')

describe.each(ENGINES)('opening hours across midnight on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, SLOW_START)
  afterAll(() => t.close())

  async function setup(openingHours: Record<string, unknown>) {
    const w = await bookingWorld(t)
    const resource = await createResource(w, { openingHours })
    const alice = await resident(t.deps.db, w.orgId, w.buildingId)
    const book = (start: string, end: string) =>
      client(t.app, alice.token).post(`/api/bookings/orgs/${w.orgId}/bookings`, {
        resourceId: resource.id,
        start,
        end,
      })
    const week = async (date: string): Promise<Day[]> =>
      (
        await (
          await client(t.app, alice.token).get(
            `/api/bookings/orgs/${w.orgId}/resources/${resource.id}/availability?week=${date}`,
          )
        ).json()
      ).days
    return { w, resource, alice, book, week }
  }

  it('a sauna open 20:00–01:00: the hour after midnight is bookable, 01:00 is not', async () => {
    const s = await setup(every('20:00', '01:00'))
    const afterMidnight = helsinki(4, '00:00')
    expect((await s.book(afterMidnight, plusMinutes(afterMidnight, 60))).status).toBe(201)
    const late = helsinki(4, '01:00')
    const refused = await s.book(late, plusMinutes(late, 60))
    expect(refused.status).toBe(422)
    expect((await refused.json()).error.details.rule).toBe('outside_opening_hours')
    // The night's cells belong to the evening's date: 20, 21, 22, 23, 00.
    const evening = helsinki(3, '20:00')
    const date = DateTime.fromISO(evening, { zone: BOOKING_TIME_ZONE }).toISODate() as string
    const day = (await s.week(date)).find((d) => d.date === date)
    expect(day?.cells.map((c) => local(c.start))).toEqual(['20:00', '21:00', '22:00', '23:00', '00:00'])
    expect(day?.cells[4]).toMatchObject({ start: new Date(afterMidnight).toISOString(), status: 'taken' })
  })

  it('staff may set night hours; ranges that overlap into the next day are refused', async () => {
    const s = await setup(every('08:00', '20:00'))
    const url = `/api/bookings/orgs/${s.w.orgId}/resources/${s.resource.id}`
    const ok = await s.w.staff.patch(url, {
      openingHours: { '5': [['20:00', '01:00']], '6': [['10:00', '14:00']] },
    })
    expect(ok.status).toBe(200)
    expect((await ok.json()).resource.openingHours['5']).toEqual([['20:00', '01:00']])
    const overlap = await s.w.staff.patch(url, {
      openingHours: { '5': [['20:00', '01:00']], '6': [['00:30', '14:00']] },
    })
    expect(overlap.status).toBe(422)
  })

  for (const [month, cells] of [
    [3, ['22:00', '23:00', '00:00', '01:00', '02:00']],
    [10, ['22:00', '23:00', '00:00', '01:00', '02:00', '03:00', '03:00']],
  ] as const) {
    it(`a laundry open 22:00–04:00 on the DST night of month ${month}: ${cells.length} real hours`, async () => {
      const s = await setup(every('22:00', '04:00'))
      const saturday = DateTime.fromISO(nextDstSunday(month), { zone: BOOKING_TIME_ZONE })
        .minus({ days: 1 })
        .toISODate() as string
      const day = (await s.week(saturday)).find((d) => d.date === saturday)
      expect(day?.cells.map((c) => local(c.start))).toEqual(cells)
      // The night's last cell ends at 04:00 local, whatever the clocks did.
      const last = day?.cells.at(-1) as Cell & { end: string }
      expect(local(last.end)).toBe('04:00')
      expect((await s.book(last.start, last.end)).status).toBe(201)
      const after = await s.book(last.end, plusMinutes(last.end, 60))
      expect((await after.json()).error.details.rule).toBe('outside_opening_hours')
    })
  }
})
