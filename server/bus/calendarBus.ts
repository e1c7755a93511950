import { Redis } from 'ioredis'
import { z } from 'zod'

/** Tells the collab servers that the calendars of these resources must be rebuilt from the table. */
export type AnnounceCalendars = (orgId: string, resourceIds: readonly string[]) => Promise<void>

/**
 * "The calendar of resource X changed", from an API process to the collab servers, over Redis
 * pub/sub. Used when the API runs without a collab server in its process (`npm run start:api`
 * beside `npm run start:collab`). The message carries no booking data: each collab instance that
 * has the calendar loaded rebuilds it from the bookings table (collab-server/calendarSubscriber.ts),
 * so a lost or repeated message costs nothing but freshness, and the next load catches up anyway.
 */
export const CALENDAR_CHANNEL = 'kotipiha:collab:calendar'

const Uuid = z.uuid()
export const CalendarChange = z.strictObject({ orgId: Uuid, resourceIds: z.array(Uuid).max(100) })
export type CalendarChange = z.infer<typeof CalendarChange>

export interface CalendarAnnouncer {
  readonly announce: AnnounceCalendars
  close(): Promise<void>
}

export function redisCalendarAnnouncer(redisUrl: string): CalendarAnnouncer {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: 3 })
  return {
    async announce(orgId, resourceIds) {
      if (resourceIds.length === 0) return
      const message: CalendarChange = { orgId, resourceIds: [...resourceIds] }
      await pub.publish(CALENDAR_CHANNEL, JSON.stringify(message))
    },
    async close() {
      pub.disconnect()
    },
  }
}

/** A message off the channel, or null when it is not one of ours. */
export function parseCalendarChange(message: string): CalendarChange | null {
  try {
    const parsed = CalendarChange.safeParse(JSON.parse(message))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
