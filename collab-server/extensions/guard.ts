import type { afterLoadDocumentPayload, beforeSyncPayload, Extension } from '@hocuspocus/server'
import * as Y from 'yjs'
import { ERRORS } from '../../schema/errors.ts'
import { CollabRefusal, isCollabContext } from '../context.ts'
import { type GuardSettings, judgeUpdate } from '../guard/rules.ts'
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
  log: Logger
  metrics: Metrics
  maxDocumentBytes: number
  settings: GuardSettings
  /** Who may be assigned a case (api/cases/assignable.ts): a case manager's updates are judged with it. */
  caseAssignable?: (orgId: string, caseId: string) => Promise<ReadonlySet<string>>
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
      const moderator = context.moderator && context.level === 'write'
      // Only managers may set an assignee; read the rule's answer from the database for them.
      const ref = context.doc
      const assignable =
        moderator && ref.kind === 'case' && opts.caseAssignable
          ? await opts.caseAssignable(ref.orgId, ref.id)
          : undefined
      const verdict = judgeUpdate(
        document,
        ref,
        payload,
        { userId: context.userId, moderator, ...(assignable ? { assignable } : {}) },
        opts.settings,
      )
      if (!verdict.ok) {
        opts.metrics.refused++
        opts.log.warn('collab.refused', { userId: context.userId, doc: documentName, rule: verdict.rule })
        throw new CollabRefusal(ERRORS.update_refused.close, `update_refused: ${verdict.rule}`)
      }
      sizes.set(documentName, size + payload.byteLength)
    },
  }
}
