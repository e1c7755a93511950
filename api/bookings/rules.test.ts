import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { OpeningHoursField } from '../../schema/api/bookings.ts'
import type { ResourceRules } from '../../schema/bookings.ts'
import { cells, instantAt, localDate, openingSpans } from '../../server/bookings/time.ts'
import { checkCancel, checkTime } from './rules.ts'

const zone = 'Europe/Helsinki'
const at = (date: string, clock: string) => DateTime.fromISO(`${date}T${clock}`, { zone }).toMillis()
const MIN = 60_000

// Laundry: Mon–Fri 07–22, Sat 09–18, closed Sunday; 3-hour fixed slots.
const laundry: ResourceRules = {
  mode: 'slots',
  gridMinutes: 180,
  minMinutes: 180,
  maxMinutes: 180,
  openingHours: { '1': [['07:00', '22:00']], '2': [['07:00', '22:00']], '6': [['09:00', '18:00']] },
  leadMinMinutes: 60,
  leadMaxDays: 14,
  cancelCutoffMinutes: 120,
}
// Club room: free length 1–4 h on a 30-minute grid, every day 08–23.
const club: ResourceRules = {
  ...laundry,
  mode: 'free',
  gridMinutes: 30,
  minMinutes: 60,
  maxMinutes: 240,
  openingHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['08:00', '23:00']]])),
}
// A Monday at noon, Helsinki.
const now = at('2027-01-04', '12:00')
const span = (date: string, from: string, minutes: number) => ({
  start: at(date, from),
  end: at(date, from) + minutes * MIN,
})

describe('booking rules: each with a passing and a failing case', () => {
  const cases: [string, ResourceRules, ReturnType<typeof span>, string | null][] = [
    ['slot on the grid inside opening hours', laundry, span('2027-01-05', '10:00', 180), null],
    ['too late: starts within the lead time', laundry, span('2027-01-04', '12:30', 180), 'too_late'],
    ['too late: in the past', laundry, span('2027-01-04', '07:00', 180), 'too_late'],
    ['just within the lead time', laundry, span('2027-01-04', '13:00', 180), null],
    ['too early: beyond the booking window', laundry, span('2027-01-19', '10:00', 180), 'too_early'],
    ['last day of the window', laundry, span('2027-01-18', '07:00', 180), null],
    ['duration: a fixed slot cannot be shorter', laundry, span('2027-01-05', '10:00', 120), 'duration'],
    ['duration: free mode under the minimum', club, span('2027-01-05', '10:00', 30), 'duration'],
    ['duration: free mode over the maximum', club, span('2027-01-05', '10:00', 270), 'duration'],
    ['duration: free mode within min..max', club, span('2027-01-05', '10:00', 150), null],
    [
      'outside opening hours: closed Sunday',
      laundry,
      span('2027-01-10', '10:00', 180),
      'outside_opening_hours',
    ],
    [
      'outside opening hours: runs past closing',
      laundry,
      span('2027-01-09', '16:00', 180),
      'outside_opening_hours',
    ],
    ['Saturday hours', laundry, span('2027-01-09', '15:00', 180), null],
    ['off grid: slot not aligned to opening time', laundry, span('2027-01-05', '08:00', 180), 'off_grid'],
    ['off grid: free mode start between grid lines', club, span('2027-01-05', '10:15', 60), 'off_grid'],
    ['on grid: free mode half hour', club, span('2027-01-05', '10:30', 90), null],
  ]
  for (const [name, rules, want, expected] of cases) {
    it(name, () => {
      expect(checkTime(rules, want, now, [])?.rule ?? null).toBe(expected)
    })
  }
  it('blackout: refused when overlapping, allowed beside it', () => {
    const blackout = span('2027-01-05', '09:00', 3 * 60)
    expect(checkTime(laundry, span('2027-01-05', '10:00', 180), now, [blackout])?.rule).toBe('blackout')
    expect(checkTime(laundry, span('2027-01-05', '13:00', 180), now, [blackout])).toBeNull()
  })
  it('cancel cutoff: until two hours before, not after', () => {
    const start = at('2027-01-04', '15:00')
    expect(checkCancel(laundry, start, at('2027-01-04', '12:59'))).toBeNull()
    expect(checkCancel(laundry, start, at('2027-01-04', '13:01'))?.rule).toBe('cancel_cutoff')
    expect(checkCancel({ cancelCutoffMinutes: 0 }, start, start + MIN)?.rule).toBe('cancel_cutoff')
  })
})

describe('Helsinki time across daylight-saving changes', () => {
  const allDay = Object.fromEntries(
    ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]),
  ) as ResourceRules['openingHours']
  it('the last Sunday of March has 23 hourly cells, 03:00 does not exist', () => {
    const day = openingSpans(allDay, '2027-03-28')
    expect(day).toHaveLength(1)
    const hours = cells(day[0]!, 60)
    expect(hours).toHaveLength(23)
    expect(new Date(hours[0]!.start).toISOString()).toBe('2027-03-27T22:00:00.000Z') // 00:00 EET
    expect(new Date(hours[22]!.start).toISOString()).toBe('2027-03-28T20:00:00.000Z') // 23:00 EEST
    const local = hours.map((h) => DateTime.fromMillis(h.start, { zone }).toFormat('HH:mm'))
    expect(local).not.toContain('03:00')
  })
  it('the last Sunday of October has 25 hourly cells, 03:00 twice', () => {
    const hours = cells(openingSpans(allDay, '2027-10-31')[0]!, 60)
    expect(hours).toHaveLength(25)
    const local = hours.map((h) => DateTime.fromMillis(h.start, { zone }).toFormat('HH:mm'))
    expect(local.filter((h) => h === '03:00')).toHaveLength(2)
  })
  it('evening opening hours keep their wall-clock time, the UTC offset changes', () => {
    expect(new Date(instantAt('2027-03-27', '18:00')).toISOString()).toBe('2027-03-27T16:00:00.000Z')
    expect(new Date(instantAt('2027-03-28', '18:00')).toISOString()).toBe('2027-03-28T15:00:00.000Z')
    expect(new Date(instantAt('2027-10-31', '18:00')).toISOString()).toBe('2027-10-31T16:00:00.000Z')
    expect(localDate(Date.parse('2027-03-27T22:30:00Z'))).toBe('2027-03-28')
  })
  it('a booking over the spring gap lasts real minutes: 02:00–04:00 local is one hour', () => {
    const rules = { ...club, openingHours: allDay, gridMinutes: 60, minMinutes: 60, maxMinutes: 120 }
    const want = { start: at('2027-03-28', '02:00'), end: at('2027-03-28', '04:00') }
    expect((want.end - want.start) / MIN).toBe(60)
    expect(checkTime(rules, want, at('2027-03-20', '12:00'), [])).toBeNull()
    // 01:00–04:00 local spans only two real hours
    expect(
      checkTime(rules, { start: at('2027-03-28', '01:00'), end: want.end }, at('2027-03-20', '12:00'), []),
    ).toBeNull()
  })
})

describe('opening hours that cross midnight (Helsinki)', () => {
  // Sauna Friday 20:00–01:00; laundry Saturday night 22:00–04:00 (over both DST nights).
  const sauna: ResourceRules = {
    ...laundry,
    gridMinutes: 60,
    minMinutes: 60,
    maxMinutes: 60,
    openingHours: { '5': [['20:00', '01:00']] },
  }
  const night: ResourceRules = { ...sauna, openingHours: { '6': [['22:00', '04:00']] } }
  const fri = '2027-01-08'
  const sat = '2027-01-09'
  const cases: [string, ReturnType<typeof span>, string | null][] = [
    ['the hour before midnight', span(fri, '23:00', 60), null],
    ['the hour after midnight belongs to Friday night', span(sat, '00:00', 60), null],
    ['a booking over midnight', { start: at(fri, '23:30'), end: at(sat, '00:30') }, 'off_grid'],
    ['runs past the 01:00 closing', span(sat, '00:30', 60), 'outside_opening_hours'],
    ['before opening', span(fri, '19:00', 60), 'outside_opening_hours'],
    [
      'after midnight of a night that is not open (Thursday)',
      span(fri, '00:00', 60),
      'outside_opening_hours',
    ],
  ]
  for (const [name, want, expected] of cases) {
    it(name, () => expect(checkTime(sauna, want, now, [])?.rule ?? null).toBe(expected))
  }
  it('a two-hour free booking 23:00–01:00 over midnight passes', () => {
    const free = { ...sauna, mode: 'free' as const, maxMinutes: 120 }
    expect(checkTime(free, { start: at(fri, '23:00'), end: at(sat, '01:00') }, now, [])).toBeNull()
    expect(
      checkTime(free, { start: at(fri, '23:00'), end: at(sat, '01:00') + 60 * MIN }, now, [])?.rule,
    ).toBe('duration')
  })
  it('the spring night (last Sunday of March) is an hour shorter: 22:00–04:00 has 5 hourly cells', () => {
    const spans = openingSpans(night.openingHours, '2027-03-27')
    expect(spans).toHaveLength(1)
    const hours = cells(spans[0]!, 60)
    expect(hours.map((h) => DateTime.fromMillis(h.start, { zone }).toFormat('HH:mm'))).toEqual([
      '22:00',
      '23:00',
      '00:00',
      '01:00',
      '02:00',
    ])
    expect(new Date(spans[0]!.end).toISOString()).toBe('2027-03-28T01:00:00.000Z') // 04:00 EEST
    const before = at('2027-03-20', '12:00')
    expect(checkTime(night, { start: hours[4]!.start, end: hours[4]!.end }, before, [])).toBeNull()
    // 03:00 local does not exist that night; 04:00 is closing time.
    expect(checkTime(night, span('2027-03-28', '04:00', 60), before, [])?.rule).toBe('outside_opening_hours')
  })
  it('the autumn night (last Sunday of October) is an hour longer: 7 cells, 03:00 twice, both bookable', () => {
    const hours = cells(openingSpans(night.openingHours, '2027-10-30')[0]!, 60)
    expect(hours).toHaveLength(7)
    const local = hours.map((h) => DateTime.fromMillis(h.start, { zone }).toFormat('HH:mm'))
    expect(local.filter((h) => h === '03:00')).toHaveLength(2)
    const before = at('2027-10-20', '12:00')
    for (const h of hours) expect(checkTime(night, h, before, [])).toBeNull()
    expect(checkTime(night, { start: hours[6]!.end, end: hours[6]!.end + 60 * MIN }, before, [])?.rule).toBe(
      'outside_opening_hours',
    )
  })
  it('validation: a night range is accepted; overlapping the next day, equal ends or 24:00 as a start are refused', () => {
    const ok = (days: unknown) => OpeningHoursField.safeParse(days).success
    expect(ok({ '5': [['20:00', '01:00']], '6': [['01:00', '10:00']] })).toBe(true)
    expect(ok({ '7': [['22:00', '02:00']], '1': [['02:00', '05:00']] })).toBe(true)
    expect(ok({ '5': [['20:00', '01:00']], '6': [['00:30', '10:00']] })).toBe(false)
    // Sunday night wraps into Monday.
    expect(ok({ '7': [['22:00', '02:00']], '1': [['01:00', '05:00']] })).toBe(false)
    expect(ok({ '1': [['10:00', '10:00']] })).toBe(false)
    expect(ok({ '1': [['24:00', '02:00']] })).toBe(false)
    expect(
      ok({
        '1': [
          ['08:00', '12:00'],
          ['11:00', '14:00'],
        ],
      }),
    ).toBe(false)
  })
})
