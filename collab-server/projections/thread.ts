import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { type DocRef, isUuid } from '../../schema/docs/names.ts'
import { readMessages, type ThreadMessage } from '../../schema/docs/thread.ts'

/**
 * Thread → `messages` rows, plus one outbox row per message that changed (for search and
 * notifications). Hidden and deleted messages keep their row but lose their text, so nothing
 * downstream can show it.
 */
export async function projectThread(trx: Kysely<Database>, ref: DocRef, doc: Y.Doc): Promise<void> {
  if (ref.kind !== 'thread') return
  const messages = readMessages(doc).filter((m) => m.id && isUuid(m.authorId))
  if (messages.length === 0) return
  const existing = await trx
    .selectFrom('messages')
    .select(['id', 'text', 'edited_at', 'deleted', 'hidden'])
    .where('thread_id', '=', ref.id)
    .execute()
  const byId = new Map(existing.map((row) => [row.id, row]))
  const visibleText = (m: ThreadMessage) => (m.deleted || m.hidden ? '' : m.text)
  const changed = messages.filter((m) => {
    const row = byId.get(m.id)
    return (
      !row ||
      row.text !== visibleText(m) ||
      row.deleted !== m.deleted ||
      row.hidden !== m.hidden ||
      (row.edited_at?.getTime() ?? null) !== m.editedAt
    )
  })
  if (changed.length === 0) return
  for (let i = 0; i < changed.length; i += 500) {
    const chunk = changed.slice(i, i + 500)
    await trx
      .insertInto('messages')
      .values(
        chunk.map((m) => ({
          org_id: ref.orgId,
          thread_id: ref.id,
          id: m.id,
          author_id: m.authorId,
          text: visibleText(m),
          created_at: new Date(m.createdAt),
          edited_at: m.editedAt === null ? null : new Date(m.editedAt),
          deleted: m.deleted,
          hidden: m.hidden,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['thread_id', 'id']).doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          edited_at: eb.ref('excluded.edited_at'),
          deleted: eb.ref('excluded.deleted'),
          hidden: eb.ref('excluded.hidden'),
        })),
      )
      .execute()
    await trx
      .insertInto('outbox')
      .values(
        chunk.map((m) => ({
          org_id: ref.orgId,
          topic: 'message.changed',
          entity_id: m.id,
          payload: JSON.stringify({ threadId: ref.id, messageId: m.id, authorId: m.authorId }),
        })),
      )
      .execute()
  }
}
