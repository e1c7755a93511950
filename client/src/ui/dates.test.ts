import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMinutes,
  addMonths,
  formatFinnishDate,
  formatFinnishMonth,
  formatTime,
  monthGrid,
  parseFinnishDate,
  parseFinnishMonth,
  parseTime,
  shiftMonth,
} from './dates.ts'

describe('Finnish dates for the pickers', () => {
  it('reads what people type and refuses what is not a date', () => {
    expect(parseFinnishDate('6.12.2026')).toBe('2026-12-06')
    expect(parseFinnishDate(' 06.12.26 ')).toBe('2026-12-06')
    expect(parseFinnishDate('6.12.', 2027)).toBe('2027-12-06')
    expect(parseFinnishDate('29.2.2027')).toBeNull()
    expect(parseFinnishDate('29.2.2028')).toBe('2028-02-29')
    expect(parseFinnishDate('12/31/2026')).toBeNull()
    expect(parseFinnishDate('')).toBeNull()
    expect(formatFinnishDate('2026-01-05')).toBe('5.1.2026')
  })
  it('writes times with a dot and accepts a colon', () => {
    expect(parseTime('18.30')).toBe('18:30')
    expect(parseTime('18:30')).toBe('18:30')
    expect(parseTime('1830')).toBe('18:30')
    expect(parseTime('9')).toBe('09:00')
    expect(parseTime('24.00')).toBeNull()
    expect(formatTime('07:05')).toBe('07.05')
    // Seconds only where the field asks for them (a send scheduled to the second).
    expect(parseTime('18.30.15')).toBeNull()
    expect(parseTime('18.30.15', true)).toBe('18:30:15')
    expect(parseTime('18:30:15', true)).toBe('18:30:15')
    expect(parseTime('18.30.60', true)).toBeNull()
    expect(parseTime('18.30', true)).toBe('18:30')
    expect(formatTime('18:30:05')).toBe('18.30.05')
    expect(addMinutes('23:45', 30)).toBe('00:15')
    expect(addMinutes('18:30:15', 15)).toBe('18:45')
    expect(addMinutes('00:00', -15)).toBe('23:45')
  })
  it('moves in the calendar and lays a month out Monday first', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15')
    // December 2026 starts on a Tuesday: one empty Monday cell.
    const grid = monthGrid(2026, 12)
    expect(grid[0]?.[0]).toBeNull()
    expect(grid[0]?.[1]).toBe('2026-12-01')
    expect(grid.flat().filter(Boolean)).toHaveLength(31)
  })
  it('reads a month as month.year', () => {
    expect(parseFinnishMonth('2.2026')).toBe('2026-02')
    expect(parseFinnishMonth('12/2026')).toBe('2026-12')
    expect(parseFinnishMonth('3.26')).toBe('2026-03')
    expect(parseFinnishMonth('13.2026')).toBeNull()
    expect(parseFinnishMonth('2026-02')).toBeNull()
    expect(formatFinnishMonth('2026-02')).toBe('2.2026')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
  })
})
