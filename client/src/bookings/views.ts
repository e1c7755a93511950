import { addDays, addMonths, daysInMonth, parseIsoDate } from '../ui/dates.ts'

/**
 * The calendar's three views and the days each one asks the availability API for: the day
 * (one), the week (seven from the day shown first, not a Monday: the page opens on today), the
 * month (its whole weeks, Monday first, so the grid has no holes).
 */
export const VIEWS = ['day', 'week', 'month'] as const
export type CalendarView = (typeof VIEWS)[number]

export function isView(value: unknown): value is CalendarView {
  return (VIEWS as readonly unknown[]).includes(value)
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay() || 7
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/** The days to fetch for a view anchored on `anchor` (a local date). */
export function rangeOf(view: CalendarView, anchor: string): { from: string; days: number } {
  if (view === 'day') return { from: anchor, days: 1 }
  if (view === 'week') return { from: anchor, days: 7 }
  const first = firstOfMonth(anchor)
  const lead = isoWeekday(first) - 1
  const d = parseIsoDate(first)
  const length = d ? daysInMonth(d.year, d.month) : 31
  return { from: addDays(first, -lead), days: Math.ceil((lead + length) / 7) * 7 }
}

/** The anchor one step back (-1) or ahead (+1): a day, seven days, or the first of a month. */
export function stepOf(view: CalendarView, anchor: string, direction: -1 | 1): string {
  if (view === 'day') return addDays(anchor, direction)
  if (view === 'week') return addDays(anchor, 7 * direction)
  return addMonths(firstOfMonth(anchor), direction)
}
