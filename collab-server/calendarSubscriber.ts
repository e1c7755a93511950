import type { Hocuspocus } from '@hocuspocus/server'
import type { RedisTarget } from '../schema/config.ts'
import { docName } from '../schema/docs/names.ts'
import { createBus } from '../server/bus/bus.ts'
import { directConnectionWriter, rebuildCalendar } from '../server/calendar/publisher.ts'
import type { DB } from '../server/db/connect.ts'
import type { Logger } from '../server/log.ts'
import type { CollabContext } from './context.ts'

/**
 * Live calendars when the API runs in another process: on "calendar of X changed" (Redis, see
 * server/bus/calendarBus.ts) each instance that has the calendar loaded rebuilds it from the
 * bookings table through a direct connection, so its watchers see the change at once. An
 * instance without the document does nothing: whoever opens it later gets it reconciled on load
 * (extensions/calendar.ts). Rebuilding is idempotent, so two instances doing it converge.
 */
export interface CalendarSubscriber {
  /** Resolves once the subscription is active (tests wait for it before publishing). */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function startCalendarSubscriber(opts: {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  redis: RedisTarget
}): CalendarSubscriber {
  const { db, hocuspocus, log } = opts
  const write = directConnectionWriter(hocuspocus)
  const bus = createBus('calendar', {
    redis: opts.redis,
    log,
    onMessage: (change) => {
      for (const resourceId of change.resourceIds) {
        if (!hocuspocus.documents.has(docName('calendar', change.orgId, resourceId))) continue
        rebuildCalendar(db, write, change.orgId, resourceId).catch((error: unknown) =>
          log.error('collab.calendar_rebuild_failed', { ...change, error: String(error) }),
        )
      }
    },
  })
  return { ready: bus.ready, close: () => bus.close() }
}
