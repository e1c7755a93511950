import type {
  beforeSyncPayload,
  Extension,
  onChangePayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import { type DocRef, parseDocName } from '../../schema/docs/names.ts'
import { ERRORS } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { measuredDocument } from '../../server/docstore/docSize.ts'
import { applyStoredState, compactDocument } from '../../server/docstore/documents.ts'
import type { PausePoints } from '../../server/docstore/pausePoints.ts'
import type { UpdateLog } from '../../server/docstore/updateLog.ts'
import type { Logger } from '../../server/log.ts'
import { type ArchiveLimits, archiveOldMessages } from '../../server/threads/archive.ts'
import { CollabRefusal, isCollabContext } from '../context.ts'
import type { Metrics } from '../metrics.ts'
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
  /**
   * The write guard's cap. A load that reads more than half of it (snapshot + log tail) compacts
   * and archives before the document takes writes: kills that kept the debounced compaction from
   * finishing left a thread of ~24k live messages just under the cap, and since only an accepted
   * write led to a compaction and only the archive shrinks a thread, it stayed unwritable across
   * restarts (issue 21). Below that the guard admits writes, and the first one's store does it.
   */
  maxDocumentBytes: number
  /** Test hook: holds the server at a point inside compaction or an archive round. */
  pause?: PausePoints['pause']
}

const isEmptyUpdate = (u: Uint8Array) => u.byteLength === 2 && u[0] === 0 && u[1] === 0

export function persistenceExtension(opts: PersistenceOptions): Extension {
  return {
    extensionName: 'kotipiha-persistence',
    // Lowest: runs after the guard has accepted the update.
    priority: 10,
    async onLoadDocument({ document, documentName }: onLoadDocumentPayload) {
      try {
        const stored = await applyStoredState(opts.db, documentName, document)
        const parsed = parseDocName(documentName)
        if (parsed.ok && stored.bytes > opts.maxDocumentBytes / 2) {
          await storeRound(opts, parsed.doc, document, documentName).catch(() => {
            // Logged there; the document loaded whole, and the debounced store tries again.
          })
        }
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
      await storeRound(opts, parsed.doc, document, documentName)
    },
  }
}

/** Copies of documents this instance has projected whole since they loaded. */
const projectedWhole = new WeakSet<Y.Doc>()

/** Compaction (with projection), then the thread's archive round on what it projected. */
async function storeRound(opts: PersistenceOptions, ref: DocRef, document: Y.Doc, documentName: string) {
  try {
    // The first compaction of a loaded copy projects the whole document, correcting whatever a
    // raced instance left; later ones project what their folded rows touched.
    const incremental = projectedWhole.has(document)
    const { parked, ...result } = await compactDocument(opts.db, ref, document, opts.pause, incremental)
    projectedWhole.add(document)
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
  const archived = await archiveOldMessages(opts.db, ref, document, opts.archive, opts.pause).catch(
    (error: unknown) => {
      opts.log.error('collab.archive_failed', { doc: documentName, error: String(error) })
      return 0
    },
  )
  if (archived > 0) {
    // The guard's size is the document's: measure what the round left (store/docSize.ts).
    measuredDocument(document, Y.encodeStateAsUpdate(document).byteLength)
    opts.log.info('collab.archived', { doc: documentName, messages: archived })
  }
}
