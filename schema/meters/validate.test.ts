import { describe, expect, it } from 'vitest'
import { monthlyConsumption, yearAgainstPrevious } from './consumption.ts'
import { judgeReading, medianDailyUse, todayInFinland } from './validate.ts'

const steady = [
  { value: 100, readOn: '2026-01-01', meterChange: false },
  { value: 110, readOn: '2026-01-11', meterChange: false },
  { value: 120, readOn: '2026-01-21', meterChange: false },
  { value: 130, readOn: '2026-01-31', meterChange: false },
]
const today = '2026-03-01'

describe('judging a reading', () => {
  it('refuses a future date and a value below the previous reading', () => {
    expect(judgeReading({ value: 200, readOn: '2026-03-02', meterChange: false }, steady, today)).toEqual({
      ok: false,
      reason: 'future_date',
    })
    const low = judgeReading({ value: 129, readOn: '2026-02-10', meterChange: false }, steady, today)
    expect(low).toMatchObject({ ok: false, reason: 'below_previous', previous: { value: 130 } })
  })

  it('accepts a lower value marked as a meter change, and a first reading', () => {
    expect(judgeReading({ value: 3, readOn: '2026-02-10', meterChange: true }, steady, today)).toMatchObject({
      ok: true,
      status: 'accepted',
    })
    expect(judgeReading({ value: 3, readOn: '2026-02-10', meterChange: false }, [], today)).toMatchObject({
      ok: true,
      status: 'accepted',
    })
  })

  it('flags consumption far above or below the meter history, accepts what is within it', () => {
    // 1 a day so far; 10 days later.
    expect(
      judgeReading({ value: 142, readOn: '2026-02-10', meterChange: false }, steady, today),
    ).toMatchObject({
      status: 'accepted',
      flagReason: null,
      expectedPerDay: 1,
    })
    expect(
      judgeReading({ value: 170, readOn: '2026-02-10', meterChange: false }, steady, today),
    ).toMatchObject({
      status: 'flagged',
      flagReason: 'high_consumption',
    })
    expect(
      judgeReading({ value: 131, readOn: '2026-02-10', meterChange: false }, steady, today),
    ).toMatchObject({
      status: 'flagged',
      flagReason: 'low_consumption',
    })
  })

  it('does not judge the range without enough history, or across a meter change', () => {
    expect(medianDailyUse(steady.slice(0, 2))).toBeNull()
    const changed = [...steady, { value: 5, readOn: '2026-02-05', meterChange: true }]
    expect(medianDailyUse(changed)).toBeNull()
    expect(
      judgeReading({ value: 900, readOn: '2026-02-10', meterChange: false }, changed, today),
    ).toMatchObject({
      status: 'accepted',
    })
  })

  it('today is the date in Finland', () => {
    expect(todayInFinland(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01')
  })
})

describe('monthly consumption', () => {
  it('spreads each interval over its days and compares with the previous year', () => {
    const months = monthlyConsumption([
      { value: 0, readOn: '2025-01-01', meterChange: false },
      { value: 59, readOn: '2025-03-01', meterChange: false },
      { value: 100, readOn: '2026-01-15', meterChange: false },
      { value: 2, readOn: '2026-02-01', meterChange: true },
      { value: 30, readOn: '2026-03-01', meterChange: false },
    ])
    expect(months.get('2025-01')).toBeCloseTo(31, 3)
    expect(months.get('2025-02')).toBeCloseTo(28, 3)
    expect(months.get('2026-02')).toBeCloseTo(28, 3)
    // The interval ending with the meter change is unknown.
    const total = [...months.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(59 + 41 + 28, 2)
    const rows = yearAgainstPrevious(months, '2026-02')
    expect(rows).toHaveLength(12)
    expect(rows.at(-1)).toEqual({ month: '2026-02', current: 28, previous: 28 })
    expect(rows[0]!.month).toBe('2025-03')
  })
})
