import type { ThreadArchivePage } from '../../schema/api/threads.ts'
import type { ThreadMessage } from '../../schema/docs/thread.ts'
import type { DB } from '../db/connect.ts'

/**
 * A page of a thread's archive (collab-server/store/threadArchive.ts moves old messages out of
 * the live document into their `messages` rows). Older than `before` when the server knows that
 * message, else the newest archived ones. A hidden or deleted message's row has no text; its
 * attachments are listed to moderators only, so its files go with it for everyone else (the
 * files service refuses them too: api/attachments/access.ts).
 */
export async function archivePage(
  db: DB,
  threadId: string,
  opts: { before?: string; limit: number; moderator: boolean },
): Promise<ThreadArchivePage> {
  const anchor = opts.before
    ? await db
        .selectFrom('messages')
        .select('seq')
        .where('thread_id', '=', threadId)
        .where('id', '=', opts.before)
        .executeTakeFirst()
    : undefined
  let query = db
    .selectFrom('messages')
    .select([
      'id',
      'author_id',
      'text',
      'created_at',
      'edited_at',
      'deleted',
      'hidden',
      'hidden_reason',
      'hidden_by',
      'attachments',
    ])
    .where('thread_id', '=', threadId)
  query = anchor ? query.where('seq', '<', anchor.seq) : query.where('archived_at', 'is not', null)
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(opts.limit + 1)
    .execute()
  const page = rows.slice(0, opts.limit).reverse()
  const messages: ThreadMessage[] = page.map((r) => ({
    id: r.id,
    authorId: r.author_id ?? '',
    text: r.text,
    createdAt: r.created_at.getTime(),
    editedAt: r.edited_at?.getTime() ?? null,
    deleted: r.deleted,
    hidden: r.hidden,
    hiddenReason: r.hidden ? r.hidden_reason : null,
    hiddenBy: r.hidden ? r.hidden_by : null,
    attachments: (r.deleted || r.hidden) && !opts.moderator ? [] : r.attachments,
  }))
  return { messages, more: rows.length > opts.limit }
}
