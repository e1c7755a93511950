import type * as Y from 'yjs'
import { CALENDAR_MAX_ENTRIES, CALENDAR_PAST_MS, reconcileTaken } from '../../schema/docs/calendar.ts'
import { docName } from '../../schema/docs/names.ts'
import { linkedResourceIds, occupiedIn } from '../bookings/repository.ts'
import { iso } from '../bookings/time.ts'
import type { AnnounceCalendars } from '../bus/calendarBus.ts'
import type { DB } from '../db/connect.ts'
import { fallbackLog } from '../log.ts'

/** Applies `change` to the live document `docName` through the collab server. */
export type PublishCalendar = (docName: string, change: (doc: Y.Doc) => void) => Promise<void>

/**
 * Writes the live calendar documents (`<orgId>/calendar/<resourceId>`, schema/docs/calendar.ts)
 * after a booking or cancel has committed. Called explicitly by the routes that change bookings,
 * never from a hook. Each calendar is reconciled with the database (not patched with the one
 * booking), so concurrent or repeated publishes converge on the committed truth.
 *
 * A publish that fails is logged and does not fail the request: the booking stands, and the next
 * publish of that resource repairs the calendar.
 */
const FUTURE_MS = 3 * 366 * 24 * 60 * 60 * 1000

/** One read-then-write per calendar at a time in this process, so a stale read never lands last. */
const queues = new Map<string, Promise<void>>()

function serialised(name: string, work: () => Promise<void>): Promise<void> {
  const previous = queues.get(name) ?? Promise.resolve()
  const next = previous.then(work, work)
  queues.set(name, next)
  void next.finally(() => {
    if (queues.get(name) === next) queues.delete(name)
  })
  return next
}

export interface CalendarDeps {
  readonly db: DB
  readonly publishCalendar?: PublishCalendar | undefined
  readonly announceCalendars?: AnnounceCalendars | undefined
}

/**
 * Republishes the calendars of these resources and of every resource linked to them: written
 * here when a collab server shares this process (`publishCalendar`), else announced over Redis
 * (`announceCalendars`, see calendarBus.ts) for the collab instances to rebuild from the table.
 */
export async function publishCalendars(
  deps: CalendarDeps,
  orgId: string,
  resourceIds: readonly string[],
): Promise<void> {
  const publish = deps.publishCalendar
  const announce = deps.announceCalendars
  if (!publish && !announce) return
  try {
    const affected = new Set<string>()
    for (const id of resourceIds)
      for (const linked of await linkedResourceIds(deps.db, id)) affected.add(linked)
    if (publish) {
      await Promise.all(
        [...affected].map((resourceId) => rebuildCalendar(deps.db, publish, orgId, resourceId)),
      )
    } else if (announce) {
      await announce(orgId, [...affected])
    }
  } catch (error) {
    fallbackLog.error('calendar.publish_failed', { orgId, resourceIds, error: String(error) })
  }
}

/** Reconciles one calendar document with the bookings table (serialised per document). */
export function rebuildCalendar(db: DB, publish: PublishCalendar, orgId: string, resourceId: string) {
  const name = docName('calendar', orgId, resourceId)
  return serialised(name, async () => {
    const intervals = await takenIntervals(db, resourceId)
    await publish(name, (doc) => void reconcileTaken(doc, intervals))
  })
}

/** What the calendar of one resource shows: confirmed bookings of it and of linked resources. */
export async function takenIntervals(db: DB, resourceId: string, now = Date.now()) {
  const ids = await linkedResourceIds(db, resourceId)
  const occupied = await occupiedIn(db, ids, { start: now - CALENDAR_PAST_MS, end: now + FUTURE_MS })
  return occupied.slice(0, CALENDAR_MAX_ENTRIES).map((o) => ({ start: iso(o.start), end: iso(o.end) }))
}

/** The Hocuspocus surface the writer needs (structural, so the API does not import the server). */
export interface DirectConnectionHost {
  openDirectConnection(
    documentName: string,
    context?: never,
  ): Promise<{ transact(change: (doc: Y.Doc) => void): Promise<void>; disconnect(): Promise<void> }>
}

/**
 * A `PublishCalendar` through Hocuspocus's direct connection: the change goes through the
 * server's own document (its connected clients get it at once, and Redis relays it to other
 * instances) and its persistence (logged, then compacted when the connection closes).
 */
export function directConnectionWriter(host: DirectConnectionHost): PublishCalendar {
  return async (name, change) => {
    const connection = await host.openDirectConnection(name, { userId: 'server' } as never)
    try {
      await connection.transact(change)
    } finally {
      await connection.disconnect()
    }
  }
}
