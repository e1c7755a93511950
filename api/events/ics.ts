import { createEvents, type EventAttributes } from 'ics'

/**
 * Events as iCalendar (RFC 5545) through the `ics` package: one event as a download, and the
 * events in a person's calendar feed (api/bookings/feedRoutes.ts). Times are written in UTC, which
 * every calendar shows in its own zone; a cancelled event is STATUS:CANCELLED with the same UID,
 * so a calendar that imported it marks it cancelled instead of keeping a ghost.
 */
export interface IcsEvent {
  id: string
  orgId: string
  title: string
  description: string
  place: string
  startsAt: string
  endsAt: string
  cancelled: boolean
}

export function eventAttributes(e: IcsEvent, publicUrl: string): EventAttributes {
  return {
    uid: `event-${e.id}@kotipiha`,
    productId: 'kotipiha/events',
    title: e.title,
    ...(e.description ? { description: e.description } : {}),
    ...(e.place ? { location: e.place } : {}),
    url: new URL(`/org/${e.orgId}/events/${e.id}`, publicUrl).toString(),
    start: Date.parse(e.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(e.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: e.cancelled ? 'CANCELLED' : 'CONFIRMED',
  }
}

export function eventsIcs(events: IcsEvent[], publicUrl: string, calName: string): string {
  const { error, value } = createEvents(
    events.map((e) => eventAttributes(e, publicUrl)),
    { calName },
  )
  if (error || !value) throw error ?? new Error('ICS generation failed')
  return value
}
