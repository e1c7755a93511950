import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { nextFreeTurns } from './bookingNextFree.ts'
import type { Interval, ResourceRules } from './bookings.ts'

const zone = 'Europe/Helsinki'
const at = (date: string, clock: string) => DateTime.fromISO(`${date}T${clock}`, { zone }).toMillis()
const iso = (date: string, clock: string) => new Date(at(date, clock)).toISOString()
const turn = (date: string, from: string, to: string, toDate = date): Interval => ({
  start: iso(date, from),
  end: iso(toDate, to),
})

// Sauna: hourly turns every evening 17–22.
const sauna: ResourceRules = {
  mode: 'slots',
  gridMinutes: 60,
  minMinutes: 60,
  maxMinutes: 60,
  openingHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['17:00', '22:00']]])),
  leadMinMinutes: 0,
  leadMaxDays: 14,
  cancelCutoffMinutes: 0,
}
// Monday 4 January 2027 at 19.30 in Helsinki.
const now = at('2027-01-04', '19:30')

describe('next free turn', () => {
  it('is the first free turn of today and of the next day with one, past and taken ones skipped', () => {
    const taken = [turn('2027-01-04', '20:00', '21:00'), turn('2027-01-05', '17:00', '19:00')]
    expect(nextFreeTurns(sauna, taken, [], now)).toEqual([
      turn('2027-01-04', '21:00', '22:00'),
      turn('2027-01-05', '19:00', '20:00'),
    ])
  })

  it('skips a closed period and a day that is full, and honours the lead time', () => {
    const full = turn('2027-01-04', '17:00', '22:00')
    const closed = [turn('2027-01-05', '00:00', '21:00')]
    expect(nextFreeTurns(sauna, [full], closed, now)).toEqual([
      turn('2027-01-05', '21:00', '22:00'),
      turn('2027-01-06', '17:00', '18:00'),
    ])
    // Two hours' notice: today's 21.00 is too soon.
    expect(nextFreeTurns({ ...sauna, leadMinMinutes: 120 }, [], [], now)[0]).toEqual(
      turn('2027-01-05', '17:00', '18:00'),
    )
  })

  it('offers the shortest booking on the grid of a free-length resource, and a night after midnight', () => {
    const club: ResourceRules = {
      ...sauna,
      mode: 'free',
      gridMinutes: 30,
      minMinutes: 90,
      maxMinutes: 240,
      openingHours: { '1': [['22:00', '02:00']] },
    }
    // Monday night's span runs into Tuesday; it is 23.10 now: the 23.30 turn is the first.
    expect(nextFreeTurns(club, [], [], at('2027-01-04', '23:10'), 1)).toEqual([
      turn('2027-01-04', '23:30', '01:00', '2027-01-05'),
    ])
    // At 00.20 on Tuesday, the Monday night still holds a turn: 00.30–02.00.
    expect(nextFreeTurns(club, [], [], at('2027-01-05', '00:20'), 1)).toEqual([
      turn('2027-01-05', '00:30', '02:00'),
    ])
  })

  it('finds nothing beyond the booking window', () => {
    expect(
      nextFreeTurns({ ...sauna, leadMaxDays: 0 }, [turn('2027-01-04', '17:00', '22:00')], [], now),
    ).toEqual([])
  })
})
