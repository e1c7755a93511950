import { createEvents, type EventAttributes } from 'ics'

/**
 * Events as iCalendar (RFC 5545) through the `ics` package: one event as a download, and the
 * events in a person's calendar feed (api/bookings/feedRoutes.ts). Times are written in UTC, which
 * every calendar shows in its own zone; a cancelled event is STATUS:CANCELLED with the same UID,
 * so a calendar that imported it marks it cancelled instead of keeping a ghost. An edited event
 * keeps its UID with a higher SEQUENCE (and LAST-MODIFIED), which is how a calendar knows the new
 * copy replaces the one it has.
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
  /** One more on every change attendees were told of (0039), so calendars replace the old copy. */
  sequence: number
  updatedAt: string | null
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
    sequence: e.sequence,
    ...(e.updatedAt ? { lastModified: Date.parse(e.updatedAt) } : {}),
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

/**
 * The ICS an event's emailed notice carries (iTIP, RFC 5546): METHOD:REQUEST for an invitation
 * or a change — the same UID with the current SEQUENCE, so a calendar adds the event or replaces
 * its copy — and METHOD:CANCEL with STATUS:CANCELLED for a cancellation, so a calendar drops it.
 * iTIP wants an ORGANIZER: the organisation, at the no-reply address of the service's host.
 */
export type NoticeMethod = 'REQUEST' | 'CANCEL'

export function noticeIcs(e: IcsEvent, method: NoticeMethod, publicUrl: string, orgName: string): string {
  const { error, value } = createEvents(
    [
      {
        ...eventAttributes(e, publicUrl),
        ...(method === 'CANCEL' ? { status: 'CANCELLED' as const } : {}),
        organizer: { name: orgName, email: `noreply@${new URL(publicUrl).hostname}` },
      },
    ],
    { method },
  )
  if (error || !value) throw error ?? new Error('ICS generation failed')
  return value
}
