import { describe, expect, it } from 'vitest'
import { IsoDate, isCalendarDate } from './finance.ts'

/** The calendar check by arithmetic says what `Date` said: every day of four centuries agrees. */
describe('IsoDate', () => {
  it('accepts exactly the days Date.UTC accepts, leap years included', () => {
    const viaDate = (d: string) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)
    let checked = 0
    for (const year of [1900, 1999, 2000, 2023, 2024, 2100, 2400]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
          expect(isCalendarDate(d), d).toBe(viaDate(d))
          checked++
        }
      }
    }
    expect(checked).toBe(7 * 14 * 33)
  })

  it('refuses a day that does not exist and a wrong shape', () => {
    expect(IsoDate.safeParse('2026-02-28').success).toBe(true)
    expect(IsoDate.safeParse('2024-02-29').success).toBe(true)
    expect(IsoDate.safeParse('2026-02-29').error?.issues[0]?.message).toBe('Not a calendar date.')
    expect(IsoDate.safeParse('2026-04-31').success).toBe(false)
    expect(IsoDate.safeParse('2026-4-3').error?.issues[0]?.message).toBe('Use a date such as 2026-03-31.')
  })
})
