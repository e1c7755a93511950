/**
 * Finnish date and time formats for the pickers, whatever the browser's locale: 6.12.2026 and
 * 18.30 (18:30 is accepted too). Values travel as ISO dates (YYYY-MM-DD) and HH:mm.
 */

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function parseIsoDate(iso: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return validDate(year, month, day) ? { year, month, day } : null
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= daysInMonth(year, month)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** "6.12.2026" → "2026-12-06"; a two-digit year is this century; a missing year is this year. */
export function parseFinnishDate(text: string, thisYear = new Date().getFullYear()): string | null {
  const m = /^\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*(?:[./-]\s*(\d{2}|\d{4})?)?\s*$/.exec(text)
  if (!m) return null
  const day = Number(m[1])
  const month = Number(m[2])
  let year = m[3] ? Number(m[3]) : thisYear
  if (m[3]?.length === 2) year += 2000
  return validDate(year, month, day) ? isoDate(year, month, day) : null
}

export function formatFinnishDate(iso: string): string {
  const d = parseIsoDate(iso)
  return d ? `${d.day}.${d.month}.${d.year}` : ''
}

/**
 * "18.30", "18:30", "1830", "9" → "18:30" / "09:00"; null when not a time of day. With `seconds`,
 * "18.30.15" → "18:30:15" too (a send scheduled to the second); without, seconds are not a time.
 */
export function parseTime(text: string, seconds = false): string | null {
  const m = /^\s*(\d{1,2})(?:\s*[.:]?\s*(\d{2})(?:\s*[.:]\s*(\d{2}))?)?\s*$/.exec(text)
  if (!m) return null
  if (m[3] !== undefined && !seconds) return null
  const hours = Number(m[1])
  const minutes = m[2] ? Number(m[2]) : 0
  const secs = m[3] !== undefined ? Number(m[3]) : null
  if (hours > 23 || minutes > 59 || (secs ?? 0) > 59) return null
  const hhmm = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
  return secs === null ? hhmm : `${hhmm}:${String(secs).padStart(2, '0')}`
}

/** "18:30" → "18.30", "18:30:15" → "18.30.15" (Finnish writes the parts of a time with dots). */
export function formatTime(value: string): string {
  const t = parseTime(value, true)
  return t ? t.replaceAll(':', '.') : ''
}

export function addMinutes(value: string, delta: number): string {
  const t = parseTime(value, true)?.slice(0, 5) ?? '00:00'
  const total = (Number(t.slice(0, 2)) * 60 + Number(t.slice(3)) + delta + 24 * 60) % (24 * 60)
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/** Moves an ISO date by days (the calendar grid's arrow keys). */
export function addDays(iso: string, days: number): string {
  const d = parseIsoDate(iso)
  if (!d) return iso
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day + days))
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
}

/** Same day a month later or earlier, clamped to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const d = parseIsoDate(iso)
  if (!d) return iso
  const index = d.year * 12 + (d.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return isoDate(year, month, Math.min(d.day, daysInMonth(year, month)))
}

/** Weeks of a month grid, Monday first (as in Finland); cells outside the month are null. */
export function monthGrid(year: number, month: number): Array<Array<string | null>> {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay()
  const lead = (first + 6) % 7
  const cells: Array<string | null> = Array.from({ length: lead }, () => null)
  for (let day = 1; day <= daysInMonth(year, month); day++) cells.push(isoDate(year, month, day))
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: Array<Array<string | null>> = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

export function todayIso(now = new Date()): string {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate())
}

/** "2.2026", "02/2026", "2.26" → "2026-02" (a month as `<input type="month">` gave it); else null. */
export function parseFinnishMonth(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})\s*$/.exec(text)
  if (!m) return null
  const month = Number(m[1])
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2])
  if (month < 1 || month > 12) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

/** "2026-02" → "2.2026". */
export function formatFinnishMonth(value: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value)
  return m ? `${Number(m[2])}.${m[1]}` : ''
}

/** A month ("2026-02") moved by `delta` months. */
export function shiftMonth(value: string, delta: number): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value)
  if (!m) return value
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + delta
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}
