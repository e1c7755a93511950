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
import { LOCALE } from '../i18n/plural.ts'
import { mutation } from '../ui/mutation.ts'
import type { EventValues } from './EventForm.tsx'

/** The events pages' calls to /api/events, and Helsinki time both ways. */
export const getMyEvents = () => api.get<{ events: EventSummary[] }>('/events/mine')
export const getOrgEvents = (orgId: string, past = false) =>
  api.get<{ events: EventSummary[]; abilities: { create: boolean } }>(
    `/events/org/${orgId}${past ? '?past=1' : ''}`,
  )
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

/**
 * Saving the event form, as a router action (ui/mutation.ts): a new event in `orgId`, or the
 * changes to `eventId`; either way the event's id. The pages read events themselves (no router
 * query), so nothing is revalidated: they navigate to the event, which is fetched afresh.
 */
export const saveEventAction = mutation(
  'events-save',
  async (target: { orgId: string } | { eventId: string }, values: EventValues) => {
    if ('eventId' in target) {
      await editEvent(target.eventId, values)
      return { id: target.eventId }
    }
    const { audience, ...rest } = values
    return createEvent(target.orgId, { ...rest, audience: audience ?? { segments: [{}] } })
  },
  () => [],
)
