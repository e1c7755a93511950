import type { MessageHistory } from '../../schema/api/threads.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * The versions of one message, oldest first, from `message_versions` (filled by the thread
 * projection at compaction). A message the projection has not seen yet has no history (null):
 * its thread is compacted at most ten seconds after the last write.
 */
export async function messageHistory(
  db: DB,
  threadId: string,
  messageId: string,
): Promise<MessageHistory | null> {
  const rows = await db
    .selectFrom('message_versions as v')
    .leftJoin('users as u', 'u.id', 'v.edited_by')
    .select(['v.version', 'v.text', 'v.deleted', 'v.edited_by', 'v.edited_at', 'u.name'])
    .where('v.thread_id', '=', threadId)
    .where('v.message_id', '=', messageId)
    .orderBy('v.edited_at')
    .orderBy('v.version')
    .execute()
  if (rows.length === 0) return null
  return {
    messageId,
    versions: rows.map((r) => ({
      version: r.version,
      text: r.text,
      deleted: r.deleted,
      editedBy: r.edited_by ? { id: r.edited_by, name: r.name ?? '' } : null,
      at: new Date(r.edited_at).toISOString(),
    })),
  }
}
