import type { RedisTarget } from '../../schema/config.ts'
import { fallbackLog } from '../log.ts'
import { createBus } from './bus.ts'

export type { CalendarChange } from './channels.ts'

/** Tells the collab servers that the calendars of these resources must be rebuilt from the table. */
export type AnnounceCalendars = (orgId: string, resourceIds: readonly string[]) => Promise<void>

/**
 * "The calendar of resource X changed", from an API process to the collab servers, over the
 * `calendar` bus channel. Used when the API runs without a collab server in its process
 * (`npm run start:api` beside `npm run start:collab`). The message carries no booking data: each
 * collab instance that has the calendar loaded rebuilds it from the bookings table
 * (collab-server/calendarSubscriber.ts), so a lost or repeated message costs nothing but
 * freshness, and the next load catches up anyway.
 */
export interface CalendarAnnouncer {
  readonly announce: AnnounceCalendars
  close(): Promise<void>
}

export function redisCalendarAnnouncer(redis: RedisTarget): CalendarAnnouncer {
  const bus = createBus('calendar', { redis, log: fallbackLog })
  return {
    async announce(orgId, resourceIds) {
      if (resourceIds.length === 0) return
      await bus.publish({ orgId, resourceIds: [...resourceIds] })
    },
    close: () => bus.close(),
  }
}
