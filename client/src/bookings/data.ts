import { query } from '@solidjs/router'
import type { AvailabilityCell, BookingRule, Interval, ResourceRules } from '../../../schema/bookings.ts'
import { BOOKING_RULES, BOOKING_TIME_ZONE } from '../../../schema/bookings.ts'
import type { LocalNames } from '../../../schema/localNames.ts'
import { ApiError, api } from '../api.ts'
import { LOCALE as LOCALES } from '../i18n/plural.ts'
import { mutation } from '../ui/mutation.ts'

/** /api/bookings as the client reads it (docs/BOOKINGS.md). */
export interface Resource extends ResourceRules {
  id: string
  orgId: string
  categoryId: string
  buildingId: string | null
  quotaGroupId: string | null
  name: string
  description: string
  active: boolean
}

export interface Overview {
  abilities: Array<'bookings.read' | 'bookings.create' | 'bookings.manage'>
  /** `name` in my language (the server's choice); `names` as staff gave them, fi/sv/en. */
  categories: Array<{ id: string; name: string; names?: LocalNames; position: number }>
  quotaGroups: Array<{ id: string; name: string; maxActive: number }>
  resources: Resource[]
  /** Resources that share a physical unit (one booking blocks all of them). */
  links: Array<{ id: string; name: string; resourceIds: string[] }>
  myApartments: Array<{ id: string; number: string }>
  /** Closed periods (blackouts) of the coming two weeks: the "next free" line skips them. */
  closed: Array<{ resourceId: string; start: string; end: string }>
}

export interface DayAvailability {
  date: string
  open: Interval[]
  cells: AvailabilityCell[]
}

export interface Booking {
  id: string
  orgId: string
  resourceId: string
  resourceName: string
  apartmentId: string | null
  apartmentNumber: string | null
  start: string
  end: string
  status: 'confirmed' | 'cancelled'
}

export const getOverview = query(
  (orgId: string) => api.get<Overview>(`/bookings/orgs/${orgId}`),
  'bookings.overview',
)

/**
 * `days` days from `from` (today when none; seven by default): the page opens on today and the
 * next days, and the arrows step from there, not back to a Monday. The day view asks for one, the
 * month view for the weeks of its month.
 */
export const getWeek = query(
  (orgId: string, resourceId: string, from: string | undefined, days = 7) =>
    api.get<{ week: string; days: DayAvailability[] }>(
      `/bookings/orgs/${orgId}/resources/${resourceId}/availability?from=${from ?? todayInHelsinki()}&days=${days}`,
    ),
  'bookings.week',
)

export const getMine = query(
  (orgId: string) => api.get<{ bookings: Booking[] }>(`/bookings/mine?orgId=${orgId}`),
  'bookings.mine',
)

export function book(
  orgId: string,
  body: { resourceId: string; start: string; end: string; apartmentId?: string },
): Promise<{ booking: Booking }> {
  return api.post(`/bookings/orgs/${orgId}/bookings`, body)
}

export function cancelBooking(orgId: string, bookingId: string): Promise<{ ok: true }> {
  return api.post(`/bookings/orgs/${orgId}/bookings/${bookingId}/cancel`)
}

export function setResourceActive(orgId: string, resourceId: string, active: boolean) {
  return api.patch<{ resource: Resource }>(`/bookings/orgs/${orgId}/resources/${resourceId}`, { active })
}

export const createFeedUrl = () => api.post<{ url: string }>('/bookings/feed-token')
export const revokeFeedUrl = () => api.delete<{ ok: true }>('/bookings/feed-token')

/** Why a booking was refused, from a 409 or 422 answer. */
export type Refusal =
  | { kind: 'conflict'; alternatives: Interval[] }
  | { kind: 'rule'; rule: BookingRule }
  | { kind: 'other'; error: unknown }

export function refusalOf(error: unknown): Refusal {
  if (error instanceof ApiError && error.code === 'booking_conflict') {
    const list = Array.isArray(error.details.alternatives) ? (error.details.alternatives as Interval[]) : []
    return { kind: 'conflict', alternatives: list }
  }
  if (error instanceof ApiError && error.code === 'booking_rule') {
    const rule = error.details.rule
    if ((BOOKING_RULES as readonly unknown[]).includes(rule))
      return { kind: 'rule', rule: rule as BookingRule }
  }
  return { kind: 'other', error }
}

// ── Dates: plain local dates (YYYY-MM-DD) and times shown in Helsinki ──────────────────────────

export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export type Lang = keyof typeof LOCALES

export function formatTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: BOOKING_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** "ti 14.5." style day label of a local date. */
export function formatDay(date: string, lang: Lang, weekday: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    weekday,
    day: 'numeric',
    month: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`))
}

/** A whole interval: "ti 14.5. 18:00–19:00". */
export function formatInterval(i: Interval, lang: Lang): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: BOOKING_TIME_ZONE }).format(new Date(i.start))
  return `${formatDay(date, lang)} ${formatTime(i.start, lang)}–${formatTime(i.end, lang)}`
}

/** Today's local date in Helsinki. */
export function todayInHelsinki(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BOOKING_TIME_ZONE }).format(new Date())
}

/** ISO weekday 1 (Monday)..7 by name, e.g. "maanantai". 2024-01-01 was a Monday. */
export function weekdayName(isoWeekday: number, lang: Lang, width: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', weekday: width }).format(
    new Date(Date.UTC(2024, 0, isoWeekday)),
  )
}

/** Booking and cancelling, as router actions that refetch my bookings and the calendar. */
export const bookAction = mutation('bookings-book', book, () => [getMine.key, getWeek.key])
export const cancelBookingAction = mutation('bookings-cancel', cancelBooking, () => [
  getMine.key,
  getWeek.key,
])
