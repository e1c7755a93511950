import { type Kysely, sql } from 'kysely'
import type * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { type DocRef, isUuid } from '../../schema/docs/names.ts'
import { readMessages, type ThreadMessage } from '../../schema/docs/thread.ts'
import { numberInDocumentOrder } from './threadSeq.ts'

/**
 * Thread → `messages` rows, plus one outbox row per message that changed (for search and
 * notifications). Hidden and deleted messages keep their row but lose their text, so nothing
 * downstream can show it (moderators read it in the history).
 *
 * Rows are only ever inserted or updated, never removed: a message that left the live document
 * for the archive (threadArchive.ts) keeps its row, which is then the only copy. New rows are
 * numbered (`seq`) by their place in the document, above the archive (threadSeq.ts); compactions
 * of one document are serialised (store/documents.ts), so numbers are never handed out twice.
 */
const CHUNK = 500

/** Projects the document; returns the ids of messages that had no row before (new ones). */
export async function projectThread(trx: Kysely<Database>, ref: DocRef, doc: Y.Doc): Promise<Set<string>> {
  if (ref.kind !== 'thread') return new Set()
  const messages = readMessages(doc).filter((m) => m.id && isUuid(m.authorId))
  if (messages.length === 0) return new Set()
  // Only the rows of messages in the document: archived ones cannot change any more, and a
  // long thread's archive is far larger than its live part.
  const byId = new Map<string, ProjectedRow & { seq: number; archived_at: Date | null }>()
  for (let i = 0; i < messages.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('messages')
      .select(['id', 'text', 'edited_at', 'deleted', 'hidden', 'hidden_reason', 'seq', 'archived_at'])
      .where('thread_id', '=', ref.id)
      .where(
        'id',
        'in',
        messages.slice(i, i + CHUNK).map((m) => m.id),
      )
      .execute()
    for (const row of rows) byId.set(row.id, row)
  }
  // Numbers follow the document's order (threadSeq.ts); moved rows are renumbered there.
  const seqs = await numberInDocumentOrder(
    trx,
    ref.id,
    messages.map((m) => ({ id: m.id, row: byId.get(m.id) })),
  )
  const fresh = new Set<string>()
  const changed = messages.flatMap((m) => {
    const row = byId.get(m.id)
    if (!row) {
      fresh.add(m.id)
      return [{ message: m, seq: seqs.get(m.id)! }]
    }
    return rowMatches(row, m) ? [] : [{ message: m, seq: row.seq }]
  })
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK)
    await trx
      .insertInto('messages')
      .values(
        chunk.map(({ message: m, seq }) => ({
          org_id: ref.orgId,
          thread_id: ref.id,
          id: m.id,
          seq,
          author_id: m.authorId,
          text: visibleText(m),
          created_at: new Date(m.createdAt),
          edited_at: m.editedAt === null ? null : new Date(m.editedAt),
          deleted: m.deleted,
          hidden: m.hidden,
          hidden_reason: m.hidden ? m.hiddenReason : null,
          hidden_by: m.hidden && m.hiddenBy && isUuid(m.hiddenBy) ? m.hiddenBy : null,
          attachments: sql<string[]>`${toUuidArray(m.attachments)}::uuid[]`,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['thread_id', 'id']).doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          edited_at: eb.ref('excluded.edited_at'),
          deleted: eb.ref('excluded.deleted'),
          hidden: eb.ref('excluded.hidden'),
          hidden_reason: eb.ref('excluded.hidden_reason'),
          hidden_by: eb.ref('excluded.hidden_by'),
        })),
      )
      .execute()
    await trx
      .insertInto('outbox')
      .values(chunk.map(({ message: m }) => messageChanged(ref.orgId, ref.id, m.id, m.authorId)))
      .execute()
  }
  return fresh
}

/** The outbox row that tells search (and the notifier) a message changed. */
export function messageChanged(orgId: string, threadId: string, messageId: string, authorId: string | null) {
  return {
    org_id: orgId,
    topic: 'message.changed',
    entity_id: messageId,
    payload: JSON.stringify({ threadId, messageId, authorId }),
  }
}

const visibleText = (m: ThreadMessage) => (m.deleted || m.hidden ? '' : m.text)

/** The projected columns a message can change, as read back from `messages`. */
export interface ProjectedRow {
  text: string
  edited_at: Date | null
  deleted: boolean
  hidden: boolean
  hidden_reason: string | null
}

/** Whether the row already says what the message says (nothing to project). */
export function rowMatches(row: ProjectedRow, m: ThreadMessage): boolean {
  return (
    row.text === visibleText(m) &&
    row.deleted === m.deleted &&
    row.hidden === m.hidden &&
    row.hidden_reason === (m.hidden ? m.hiddenReason : null) &&
    (row.edited_at?.getTime() ?? null) === m.editedAt
  )
}

/** A Postgres array literal of the ids that are UUIDs (the guard admits only those). */
function toUuidArray(ids: readonly string[]): string {
  return `{${ids.filter(isUuid).join(',')}}`
}
