import { describe, expect, it } from 'vitest'
import { rangeOf, stepOf } from './views.ts'

describe('calendar views', () => {
  it('asks for one day, seven days, or the whole weeks of a month', () => {
    expect(rangeOf('day', '2026-12-06')).toEqual({ from: '2026-12-06', days: 1 })
    expect(rangeOf('week', '2026-12-06')).toEqual({ from: '2026-12-06', days: 7 })
    // December 2026 begins on a Tuesday and ends on a Thursday: 30 Nov – 3 Jan, five weeks.
    expect(rangeOf('month', '2026-12-06')).toEqual({ from: '2026-11-30', days: 35 })
    // February 2027 begins on a Monday: exactly four weeks.
    expect(rangeOf('month', '2027-02-14')).toEqual({ from: '2027-02-01', days: 28 })
    // August 2026 begins on a Saturday and has 31 days: six weeks.
    expect(rangeOf('month', '2026-08-31')).toEqual({ from: '2026-07-27', days: 42 })
  })

  it('steps a day, a week from the day shown, or to the first of the next month', () => {
    expect(stepOf('day', '2026-12-31', 1)).toBe('2027-01-01')
    expect(stepOf('week', '2026-12-06', -1)).toBe('2026-11-29')
    expect(stepOf('month', '2026-12-06', 1)).toBe('2027-01-01')
    expect(stepOf('month', '2026-03-31', -1)).toBe('2026-02-01')
  })
})
