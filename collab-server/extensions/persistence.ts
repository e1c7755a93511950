import type {
  beforeSyncPayload,
  Extension,
  onChangePayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import type { DB } from '../../api/db/connect.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { ERRORS } from '../../schema/errors.ts'
import { CollabRefusal, isCollabContext } from '../context.ts'
import type { Logger } from '../log.ts'
import type { Metrics } from '../metrics.ts'
import { applyStoredState, compactDocument } from '../store/documents.ts'
import { type ArchiveLimits, archiveOldMessages } from '../store/threadArchive.ts'
import type { UpdateLog } from '../store/updateLog.ts'
import { SYNC_STEP_2, SYNC_UPDATE } from './guard.ts'

/**
 * Durable before acknowledged. beforeSync (after the guard, before Hocuspocus applies and acks)
 * appends the update to the log and waits for the commit. Load = snapshot + log tail; a failed
 * load refuses the connection so an empty document is never handed out or stored. Store
 * (debounced by Hocuspocus) compacts and projects in one transaction.
 */
export interface PersistenceOptions {
  db: DB
  log: Logger
  metrics: Metrics
  updateLog: UpdateLog
  archive: ArchiveLimits
}

const isEmptyUpdate = (u: Uint8Array) => u.byteLength === 2 && u[0] === 0 && u[1] === 0

export function persistenceExtension(opts: PersistenceOptions): Extension {
  return {
    extensionName: 'kotipiha-persistence',
    // Lowest: runs after the guard has accepted the update.
    priority: 10,
    async onLoadDocument({ document, documentName }: onLoadDocumentPayload) {
      try {
        await applyStoredState(opts.db, documentName, document)
        // Hocuspocus queues every update of the document for broadcast, the load included, and
        // sends the queue on the next turn, by which time the first reader is attached: it got
        // the whole document twice (once as this "update", once as its sync answer), and its
        // browser decoded both before showing anything (bench:threads). Nobody is attached while
        // the document loads, so sending the queue now sends it to no one.
        document.flush()
      } catch (error) {
        opts.metrics.loadFailures++
        opts.log.error('collab.load_failed', { doc: documentName, error: String(error) })
        throw new CollabRefusal(ERRORS.document_unavailable.close, 'document_unavailable')
      }
    },
    async beforeSync({ type, payload, connection, context, documentName }: beforeSyncPayload) {
      if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return
      if (connection.readOnly || isEmptyUpdate(payload)) return
      const userId = isCollabContext(context) ? context.userId : null
      try {
        await opts.updateLog.append(documentName, payload, userId)
        opts.metrics.accepted++
      } catch (error) {
        opts.log.error('collab.append_failed', { doc: documentName, error: String(error) })
        throw new CollabRefusal(
          ERRORS.document_unavailable.close,
          'document_unavailable: not saved, retrying',
        )
      }
    },
    async onChange({ transactionOrigin, update, documentName }: onChangePayload) {
      // Server-side writes (direct connections) have no beforeSync: log them here.
      const origin = transactionOrigin as { source?: string } | undefined
      if (origin?.source !== 'local') return
      await opts.updateLog.append(documentName, update, null).catch((error: unknown) => {
        opts.log.error('collab.append_failed', { doc: documentName, error: String(error) })
      })
    },
    async onStoreDocument({ document, documentName }: onStoreDocumentPayload) {
      const parsed = parseDocName(documentName)
      if (!parsed.ok) return
      try {
        const { parked, ...result } = await compactDocument(opts.db, parsed.doc, document)
        opts.metrics.compactions++
        opts.log.debug('collab.compacted', { doc: documentName, ...result, parked: parked.length })
        // The rest of the document is projected; these items need a person to look at them.
        for (const item of parked) {
          opts.metrics.projectionParked++
          opts.log.error('collab.projection_parked', { alert: true, ...item })
        }
      } catch (error) {
        opts.metrics.compactionFailures++
        opts.log.error('collab.compaction_failed', { doc: documentName, error: String(error) })
        // Throwing keeps the document in memory; the log still holds every update.
        throw error
      }
      // After the projection: only messages whose rows are written may leave the document.
      const archived = await archiveOldMessages(opts.db, parsed.doc, document, opts.archive).catch(
        (error: unknown) => {
          opts.log.error('collab.archive_failed', { doc: documentName, error: String(error) })
          return 0
        },
      )
      if (archived > 0) opts.log.info('collab.archived', { doc: documentName, messages: archived })
    },
  }
}
