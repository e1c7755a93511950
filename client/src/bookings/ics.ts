/**
 * One booking as an iCalendar file (RFC 5545) for "Add to calendar" after booking: phones and
 * desktop calendars open a .ics download. Times in UTC, so no time-zone block is needed; the UID
 * is the booking's, so adding it twice updates the same event.
 */
export function bookingIcs(
  booking: { id: string; start: string; end: string; resourceName: string },
  host: string,
): string {
  const stamp = (iso: string) =>
    new Date(iso)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')
  const text = (value: string) => value.replace(/([\\;,])/g, '\\$1').replace(/\n/g, '\\n')
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kotipiha//Bookings//FI',
    'BEGIN:VEVENT',
    `UID:${booking.id}@${host}`,
    `DTSTAMP:${stamp(new Date().toISOString())}`,
    `DTSTART:${stamp(booking.start)}`,
    `DTEND:${stamp(booking.end)}`,
    `SUMMARY:${text(booking.resourceName)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n')
}

export function bookingIcsUrl(booking: Parameters<typeof bookingIcs>[0]): string {
  return URL.createObjectURL(new Blob([bookingIcs(booking, location.host)], { type: 'text/calendar' }))
}
