import type { afterLoadDocumentPayload, beforeSyncPayload, Extension } from '@hocuspocus/server'
import * as Y from 'yjs'
import type { DB } from '../../api/db/connect.ts'
import { messagesOf } from '../../schema/docs/thread.ts'
import { ERRORS } from '../../schema/errors.ts'
import { CollabRefusal, isCollabContext } from '../context.ts'
import { idsOfMaps, reusedId } from '../guard/freshIds.ts'
import { type Claims, type GuardSettings, judgeUpdate } from '../guard/rules.ts'
import type { Logger } from '../log.ts'
import type { Metrics } from '../metrics.ts'
import { storedBytes } from '../store/documents.ts'

/**
 * The write guard. Runs in beforeSync, before persistence and before Hocuspocus applies the
 * update: bounds first (document size cap, a bounded pre-scan), then the kind's rules on the
 * resolved paths. A refused update is never stored, applied, broadcast or acknowledged; the
 * client's document connection is closed with `update_refused: <rule>`.
 */
export const SYNC_STEP_2 = 1
export const SYNC_UPDATE = 2

export interface GuardOptions {
  db: DB
  log: Logger
  metrics: Metrics
  maxDocumentBytes: number
  settings: GuardSettings
}

export function guardExtension(opts: GuardOptions): Extension {
  const sizes = new Map<string, number>()
  return {
    extensionName: 'kotipiha-guard',
    priority: 200,
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      // What persistence read is an upper bound of the size; encoding a large document again
      // would add a third of a cold load (bench/threads.ts).
      sizes.set(documentName, storedBytes.get(document) ?? Y.encodeStateAsUpdate(document).byteLength)
    },
    async afterUnloadDocument({ documentName }: { documentName: string }) {
      sizes.delete(documentName)
    },
    async beforeSync({ type, payload, connection, context, document, documentName }: beforeSyncPayload) {
      if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return
      if (!isCollabContext(context)) throw new CollabRefusal(ERRORS.unauthenticated.close, 'unauthenticated')
      const size = sizes.get(documentName) ?? 0
      if (size + payload.byteLength > opts.maxDocumentBytes) {
        opts.metrics.refused++
        opts.log.warn('collab.refused', {
          userId: context.userId,
          doc: documentName,
          rule: 'document_too_large',
        })
        throw new CollabRefusal(ERRORS.document_too_large.close, 'document_too_large')
      }
      // Read-only connections never apply anything (Hocuspocus answers them); just keep them cheap.
      if (connection.readOnly) return
      const refuse = (rule: string) => {
        opts.metrics.refused++
        opts.log.warn('collab.refused', { userId: context.userId, doc: documentName, rule })
        return new CollabRefusal(ERRORS.update_refused.close, `update_refused: ${rule}`)
      }
      const claims: Claims = { newIds: [] }
      const verdict = judgeUpdate(
        document,
        context.doc,
        payload,
        {
          userId: context.userId,
          moderator: context.moderator && context.level === 'write',
        },
        opts.settings,
        claims,
      )
      if (!verdict.ok) throw refuse(verdict.rule)
      // A new message's id must not be an archived message's either (its row is the only copy).
      // Only updates that create messages pay for this lookup.
      if (claims.newIds.length > 0 && context.doc.kind === 'thread') {
        const taken = await opts.db
          .selectFrom('messages')
          .select('id')
          .where('thread_id', '=', context.doc.id)
          .where('id', 'in', claims.newIds)
          .executeTakeFirst()
        if (taken) throw refuse('message id: that id is already used')
        // The document may have moved on while we asked.
        const reused = reusedId(claims.newIds, () => idsOfMaps(messagesOf(document)))
        if (reused) throw refuse(`message id: ${reused}`)
      }
      sizes.set(documentName, size + payload.byteLength)
    },
  }
}
