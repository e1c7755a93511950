import { describe, expect, it } from 'vitest'
import { dayLabel, findFirstUnread, GROUP_WINDOW_MS, layoutRows } from './layout.ts'

const noon = new Date(2026, 11, 6, 12, 0).getTime()
const minute = 60_000
const msg = (id: string, authorId: string, createdAt: number, deleted = false) => ({
  id,
  authorId,
  createdAt,
  deleted,
})

describe('chat row layout', () => {
  it('groups a run from one author within the window, breaks it on a new author, gap or day', () => {
    const rows = layoutRows([
      msg('a', 'anna', noon - 2 * 24 * 60 * minute),
      msg('b', 'anna', noon - minute),
      msg('c', 'anna', noon),
      msg('d', 'bert', noon + minute),
      msg('e', 'bert', noon + minute + GROUP_WINDOW_MS),
    ])
    expect([...rows.values()].map((r) => [r.newDay, r.continued])).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
    ])
  })

  it('the first unread message starts a new run', () => {
    const rows = layoutRows([msg('a', 'anna', noon), msg('b', 'anna', noon + minute)], 'b')
    expect(rows.get('b')).toEqual({ newDay: false, continued: false, firstUnread: true })
  })

  it('counts others’ messages that are not deleted from the newest back', () => {
    const list = [
      msg('a', 'anna', noon),
      msg('b', 'bert', noon + 1),
      msg('c', 'me', noon + 2),
      msg('d', 'anna', noon + 3, true),
      msg('e', 'bert', noon + 4),
    ]
    expect(findFirstUnread(list, 'me', 0)).toBeUndefined()
    expect(findFirstUnread(list, 'me', 1)).toBe('e')
    expect(findFirstUnread(list, 'me', 2)).toBe('b')
    // More unread than the window holds: the oldest one shown.
    expect(findFirstUnread(list, 'me', 9)).toBe('a')
  })

  it('names today and yesterday, else a date in the reader’s language', () => {
    expect(dayLabel(noon, 'fi', noon + minute)).toEqual({ kind: 'today' })
    expect(dayLabel(noon - 24 * 60 * minute, 'fi', noon)).toEqual({ kind: 'yesterday' })
    const older = dayLabel(new Date(2026, 10, 30, 9).getTime(), 'fi', noon)
    expect(older).toEqual({ kind: 'date', text: 'maanantai 30.11.' })
    const lastYear = dayLabel(new Date(2025, 10, 30, 9).getTime(), 'fi', noon)
    expect(lastYear.kind === 'date' && lastYear.text).toContain('2025')
  })
})
