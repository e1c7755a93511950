import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server'
import { reconcileTaken } from '../../schema/docs/calendar.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { takenIntervals } from '../../server/calendar/publisher.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * A calendar document is a view of the bookings table: reconcile it with the database each time
 * an instance loads it, before anyone syncs. So a calendar is right on first open (bookings made
 * before it existed, by the seed, or while no collab server ran) and old entries fall out of its
 * window. The change is a server write (origin "local"), logged by the persistence extension.
 */
export function calendarExtension(db: DB): Extension {
  return {
    extensionName: 'kotipiha-calendar',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const parsed = parseDocName(documentName)
      if (!parsed.ok || parsed.doc.kind !== 'calendar') return
      const intervals = await takenIntervals(db, parsed.doc.id)
      document.transact(() => void reconcileTaken(document, intervals), { source: 'local', context: {} })
    },
  }
}
