import type { Accessor } from 'solid-js'
import type { Interval } from '../../../schema/bookings.ts'
import { readTaken, takenMap } from '../../../schema/docs/calendar.ts'
import { docName } from '../../../schema/docs/names.ts'
import { useDoc } from '../collab/docs.ts'
import { createYMap } from '../collab/yjs.ts'

/**
 * The taken times of one resource, live from its calendar document (written by the server after
 * each booking or cancel). Until the first sync the caller falls back to the availability API.
 * Call inside a component keyed on the resource.
 */
export function useLiveCalendar(
  orgId: string,
  resourceId: string,
): { synced: Accessor<boolean>; taken: () => readonly Interval[] } {
  const handle = useDoc(docName('calendar', orgId, resourceId))
  const live = createYMap(
    () => (handle.synced() ? takenMap(handle.doc()) : undefined),
    (map) => ({ items: readTaken(map) }),
    { items: [] as Interval[] },
  )
  return { synced: () => handle.synced() && !handle.denied(), taken: () => live.items }
}
