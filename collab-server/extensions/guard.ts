import type { beforeSyncPayload, Extension } from '@hocuspocus/server'
import * as Y from 'yjs'
import { messagesOf } from '../../schema/docs/thread.ts'
import { ERRORS } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { addedToDocument, documentSize, measuredDocument } from '../../server/docstore/docSize.ts'
import type { Logger } from '../../server/log.ts'
import { CollabRefusal, isCollabContext } from '../context.ts'
import { idsOfMaps, reusedId } from '../guard/freshIds.ts'
import { type Claims, type GuardSettings, judgeUpdate } from '../guard/rules.ts'
import { createUsedIds } from '../guard/usedIds.ts'
import type { Metrics } from '../metrics.ts'

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
  /** Who may be assigned a case (server/access/assignable.ts): a case manager's updates are judged with it. */
  caseAssignable?: (orgId: string, caseId: string) => Promise<ReadonlySet<string>>
}

export function guardExtension(opts: GuardOptions): Extension {
  const usedIds = createUsedIds(opts.db)
  return {
    extensionName: 'kotipiha-guard',
    priority: 200,
    async beforeSync({ type, payload, connection, context, document, documentName }: beforeSyncPayload) {
      if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return
      if (!isCollabContext(context)) throw new CollabRefusal(ERRORS.unauthenticated.close, 'unauthenticated')
      // The live document's size (store/docSize.ts), not everything it was ever sent.
      let size = documentSize(document)
      if (size === undefined) {
        size = Y.encodeStateAsUpdate(document).byteLength
        measuredDocument(document, size)
      }
      // An empty sync answer adds nothing: a reader of a document at the cap can still read it.
      const empty = payload.byteLength === 2 && payload[0] === 0 && payload[1] === 0
      if (!empty && size + payload.byteLength > opts.maxDocumentBytes) {
        opts.metrics.refused++
        opts.log.warn('collab.refused', {
          userId: context.userId,
          doc: documentName,
          rule: 'document_too_large',
          bytes: size,
        })
        // The client shows what to do (error.document_too_large); the reason is for logs.
        throw new CollabRefusal(
          ERRORS.document_too_large.close,
          `document_too_large: ${size} of ${opts.maxDocumentBytes} bytes; remove content or start a new document`,
        )
      }
      // Read-only connections never apply anything (Hocuspocus answers them); just keep them cheap.
      if (connection.readOnly) return
      const moderator = context.moderator && context.level === 'write'
      // Only managers may set an assignee; read the rule's answer from the database for them.
      const ref = context.doc
      const assignable =
        moderator && ref.kind === 'case' && opts.caseAssignable
          ? await opts.caseAssignable(ref.orgId, ref.id)
          : undefined
      const refuse = (rule: string) => {
        opts.metrics.refused++
        opts.log.warn('collab.refused', { userId: context.userId, doc: documentName, rule })
        return new CollabRefusal(ERRORS.update_refused.close, `update_refused: ${rule}`)
      }
      const claims: Claims = { newIds: [] }
      const verdict = judgeUpdate(
        document,
        ref,
        payload,
        { userId: context.userId, moderator, ...(assignable ? { assignable } : {}) },
        opts.settings,
        claims,
      )
      if (!verdict.ok) throw refuse(verdict.rule)
      // A new message's id must not be an archived message's either (its row is the only copy).
      // Only updates that create messages pay for this lookup.
      if (claims.newIds.length > 0 && context.doc.kind === 'thread') {
        // From memory after one query per loaded thread (guard/usedIds.ts); awaited only while
        // that first query runs, and then the document may have moved on while we asked.
        const used = usedIds.anyUsed(context.doc.id, document, claims.newIds)
        if (used instanceof Promise) {
          if (await used) throw refuse('message id: that id is already used')
          const reused = reusedId(claims.newIds, () => idsOfMaps(messagesOf(document)))
          if (reused) throw refuse(`message id: ${reused}`)
        } else if (used) throw refuse('message id: that id is already used')
      }
      addedToDocument(document, payload.byteLength)
    },
  }
}
