import type {
  EventDetail,
  EventInput,
  EventPatch,
  EventSummary,
  Rsvp,
  RsvpCounts,
  RsvpRow,
} from '../../../schema/events/api.ts'
import { EVENT_TIME_ZONE } from '../../../schema/events/time.ts'
import { api } from '../api.ts'
import { language } from '../i18n/index.ts'

/** The events pages' calls to /api/events, and Helsinki time both ways. */
export const getMyEvents = () => api.get<{ events: EventSummary[] }>('/events/mine')
export const getOrgEvents = (orgId: string) =>
  api.get<{ events: EventSummary[]; abilities: { create: boolean } }>(`/events/org/${orgId}`)
export const createEvent = (orgId: string, body: EventInput) =>
  api.post<{ id: string; invited: number }>(`/events/org/${orgId}`, body)
export const getEvent = (id: string) => api.get<EventDetail>(`/events/${id}`)
export const editEvent = (id: string, body: EventPatch) =>
  api.patch<{ changed: string[]; notified: number; sequence: number }>(`/events/${id}`, body)
export const answer = (id: string, response: Rsvp) =>
  api.put<{ myResponse: Rsvp; counts: RsvpCounts }>(`/events/${id}/rsvp`, { response })
export const getRsvps = (id: string) => api.get<{ rsvps: RsvpRow[] }>(`/events/${id}/rsvps`)
export const cancelEvent = (id: string) => api.post(`/events/${id}/cancel`, {})
export const icsUrl = (id: string) => `/api/events/${id}/event.ics`

const LOCALE = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const

/** "ti 14.7.2026 klo 18.00–20.00" style, in Helsinki time. */
export function formatWhen(startsAt: string, endsAt: string): string {
  const locale = LOCALE[language()]
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: EVENT_TIME_ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  })
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: EVENT_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  })
  const s = new Date(startsAt)
  const e = new Date(endsAt)
  const sameDay = day.format(s) === day.format(e)
  return sameDay
    ? `${day.format(s)} ${time.format(s)}–${time.format(e)}`
    : `${day.format(s)} ${time.format(s)} – ${day.format(e)} ${time.format(e)}`
}
