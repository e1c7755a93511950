import { type Selectable, sql } from 'kysely'
import type { ThreadArchivePage } from '../../schema/api/threads.ts'
import type { MessagesTable } from '../../schema/db/types.ts'
import type { ThreadMessage } from '../../schema/docs/thread.ts'
import type { DB } from '../db/connect.ts'
import { enqueue } from '../outbox/enqueue.ts'
import { messageChanged } from '../projections/thread.ts'

const COLUMNS = [
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
] as const

type Row = Pick<Selectable<MessagesTable>, (typeof COLUMNS)[number]>

/**
 * The latest text of each message from its history (`message_versions`, filled at compaction):
 * a hidden message's row keeps no text, so this is where unhiding and moderators find it.
 */
export async function latestTexts(
  db: DB,
  threadId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('message_versions')
    .select(['message_id', 'text'])
    .distinctOn('message_id')
    .where('thread_id', '=', threadId)
    .where('message_id', 'in', ids)
    .orderBy('message_id')
    .orderBy('edited_at', 'desc')
    .orderBy(sql`split_part(version, ':', 2)::bigint`, 'desc')
    .execute()
  return new Map(rows.map((r) => [r.message_id, r.text]))
}

/**
 * Rows as readers see the messages. A hidden or deleted one's files go to moderators only, and
 * moderators read a hidden one's text (from its history), as they do in the live document.
 */
async function toMessages(
  db: DB,
  threadId: string,
  rows: Row[],
  moderator: boolean,
): Promise<ThreadMessage[]> {
  const hiddenTexts = moderator
    ? await latestTexts(
        db,
        threadId,
        rows.filter((r) => r.hidden && !r.deleted).map((r) => r.id),
      )
    : new Map<string, string>()
  return rows.map((r) => toMessage(r, moderator, hiddenTexts.get(r.id)))
}

function toMessage(r: Row, moderator: boolean, hiddenText: string | undefined): ThreadMessage {
  return {
    id: r.id,
    authorId: r.author_id ?? '',
    text: hiddenText ?? r.text,
    createdAt: r.created_at.getTime(),
    editedAt: r.edited_at?.getTime() ?? null,
    deleted: r.deleted,
    hidden: r.hidden,
    hiddenReason: r.hidden ? r.hidden_reason : null,
    hiddenBy: r.hidden ? r.hidden_by : null,
    attachments: (r.deleted || r.hidden) && !moderator ? [] : r.attachments,
  }
}

/** One archived message as a reader sees it, or undefined. */
export async function archivedMessage(
  db: DB,
  threadId: string,
  messageId: string,
  moderator: boolean,
): Promise<ThreadMessage | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(COLUMNS)
    .where('thread_id', '=', threadId)
    .where('id', '=', messageId)
    .executeTakeFirst()
  return row && (await toMessages(db, threadId, [row], moderator))[0]
}

/**
 * A page of a thread's archive (server/threads/archive.ts moves old messages out of
 * the live document into their `messages` rows). Older than `before` when the server knows that
 * message, else the newest archived ones. A hidden or deleted message's row has no text; its
 * attachments are listed to moderators only, so its files go with it for everyone else (the
 * files service refuses them too: api/attachments/access.ts). Moderators read a hidden one's
 * text from its history.
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
  let query = db.selectFrom('messages').select(COLUMNS).where('thread_id', '=', threadId)
  query = anchor ? query.where('seq', '<', anchor.seq) : query.where('archived_at', 'is not', null)
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(opts.limit + 1)
    .execute()
  const page = rows.slice(0, opts.limit).reverse()
  const messages = await toMessages(db, threadId, page, opts.moderator)
  return { messages, more: rows.length > opts.limit }
}

/**
 * Hides or unhides an archived message: the row is its only copy, so moderation of old messages
 * happens here (a live one is hidden in the document, where the write guard checks it). Hiding
 * clears the row's text; unhiding restores the latest text from `message_versions`. The outbox
 * row updates search. Returns false when there is no such archived, undeleted message.
 */
export async function setArchivedHidden(
  db: DB,
  ref: { orgId: string; threadId: string; messageId: string },
  change: { hidden: true; reason: string; by: string } | { hidden: false; by: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select(['author_id', 'hidden'])
    .where('thread_id', '=', ref.threadId)
    .where('id', '=', ref.messageId)
    .where('archived_at', 'is not', null)
    .where('deleted', '=', false)
    .forUpdate()
    .executeTakeFirst()
  if (!row) return false
  if (row.hidden === change.hidden) return true
  const text = change.hidden
    ? ''
    : ((await latestTexts(db, ref.threadId, [ref.messageId])).get(ref.messageId) ?? '')
  await db
    .updateTable('messages')
    .set({
      hidden: change.hidden,
      hidden_reason: change.hidden ? change.reason : null,
      hidden_by: change.hidden ? change.by : null,
      text,
    })
    .where('thread_id', '=', ref.threadId)
    .where('id', '=', ref.messageId)
    .execute()
  await enqueue(db, 'message.changed', messageChanged(ref.orgId, ref.threadId, ref.messageId, row.author_id))
  return true
}
