import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'

/**
 * A thread's files go with their message: when a moderator hides a message or its author deletes
 * it, the files that author attached to it are withheld from everyone but the thread's
 * moderators, in the list and at download, like its text. Which messages those are comes from
 * the `messages` projection (with their attachment ids, 0015), so this follows the document
 * within the compaction delay (≤ 10 s).
 *
 * Only the message author's own uploads count: a message may name any attachment of its thread
 * (guard/threadRules.ts checks the shape, not whose file it is), and deleting such a message must
 * not take a neighbour's photo away from everyone.
 */
function withheldQuery(db: DB, threadId: string) {
  return db
    .selectFrom('messages as m')
    .innerJoin('attachments as a', (j) =>
      j.on(sql<boolean>`a.id = ANY(m.attachments)`).onRef('a.uploaded_by', '=', 'm.author_id'),
    )
    .where('m.thread_id', '=', threadId)
    .where('a.owner_kind', '=', 'message')
    .where('a.owner_id', '=', threadId)
    .where((eb) => eb.or([eb('m.hidden', '=', true), eb('m.deleted', '=', true)]))
}

/** Ids among a thread's attachments that only moderators may see. */
export async function withheldAttachments(db: DB, threadId: string): Promise<Set<string>> {
  const rows = await withheldQuery(db, threadId).select('a.id').execute()
  return new Set(rows.map((r) => r.id))
}

/** Whether one attachment of a thread belongs to a hidden or deleted message. */
export async function isWithheld(db: DB, threadId: string, attachmentId: string): Promise<boolean> {
  const row = await withheldQuery(db, threadId)
    .select('a.id')
    .where('a.id', '=', attachmentId)
    .executeTakeFirst()
  return row !== undefined
}
