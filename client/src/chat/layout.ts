import type { ThreadMessage } from '../../../schema/docs/thread.ts'
import { LOCALE } from '../i18n/plural.ts'

/**
 * How a thread's rows read like a chat: a date line where the day changes, one name and avatar
 * for a run of messages from the same person, and a "new messages" line before the first one
 * the reader had not seen. Pure functions of the messages, so the view only renders them.
 */

/** Messages this close together from the same person read as one run (name shown once). */
export const GROUP_WINDOW_MS = 5 * 60_000

export interface RowLayout {
  /** A date line goes before this message (the first of the list, or of a new day). */
  newDay: boolean
  /** Same author as the message before, a moment later: name and avatar are not repeated. */
  continued: boolean
  /** The first message the reader had not seen when the thread opened. */
  firstUnread: boolean
}

type Row = Pick<ThreadMessage, 'id' | 'authorId' | 'createdAt'>

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString()
}

export function layoutRows(messages: readonly Row[], firstUnreadId?: string): Map<string, RowLayout> {
  const rows = new Map<string, RowLayout>()
  let previous: Row | undefined
  for (const m of messages) {
    const newDay = !previous || !sameDay(previous.createdAt, m.createdAt)
    const firstUnread = m.id === firstUnreadId
    const continued =
      !newDay &&
      !firstUnread &&
      previous?.authorId === m.authorId &&
      m.createdAt - previous.createdAt >= 0 &&
      m.createdAt - previous.createdAt < GROUP_WINDOW_MS
    rows.set(m.id, { newDay, continued, firstUnread })
    previous = m
  }
  return rows
}

/**
 * The first unread message, from the server's count of others' messages after my last read
 * (deleted ones not counted; api/cases/summary.ts): that many of them, counted from the newest.
 * When the window holds fewer, the oldest of them shown.
 */
export function findFirstUnread(
  messages: ReadonlyArray<Row & Pick<ThreadMessage, 'deleted'>>,
  myId: string,
  unread: number,
): string | undefined {
  if (unread <= 0) return undefined
  let found: string | undefined
  let counted = 0
  for (let i = messages.length - 1; i >= 0 && counted < unread; i--) {
    const m = messages[i]!
    if (m.authorId === myId || m.deleted) continue
    found = m.id
    counted++
  }
  return found
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * A date line: 'today' or 'yesterday' (the caller translates them), else the date in the
 * reader's language, with the year only when it is not this year ("maanantai 30.11.").
 */
export function dayLabel(
  epochMs: number,
  lang: keyof typeof LOCALE,
  now = Date.now(),
): { kind: 'today' | 'yesterday' } | { kind: 'date'; text: string } {
  if (sameDay(epochMs, now)) return { kind: 'today' }
  const yesterday = new Date(now)
  yesterday.setDate(yesterday.getDate() - 1)
  if (sameDay(epochMs, yesterday.getTime())) return { kind: 'yesterday' }
  const thisYear = new Date(epochMs).getFullYear() === new Date(now).getFullYear()
  // The weekday on its own: in a date, Finnish would say "maanantaina" (on Monday).
  const weekday = dayFormat(lang, { weekday: 'long' }).format(epochMs)
  const date = dayFormat(lang, { day: 'numeric', month: 'numeric', ...(thisYear ? {} : { year: 'numeric' }) })
  return { kind: 'date', text: `${weekday} ${date.format(epochMs)}` }
}

function dayFormat(lang: keyof typeof LOCALE, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${JSON.stringify(options)}`
  let format = dayFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE[lang], options)
    dayFormats.set(key, format)
  }
  return format
}
