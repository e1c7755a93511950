import { payloadOf } from '../../schema/outbox.ts'
import { threadAudience } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Handler, SourceContext } from '../sources.ts'
import { caseThreadAudience } from './caseAudience.ts'

/**
 * Messages, from the thread projection's `message.changed` rows. A channel message is for the
 * channel's audience; a message of a case's thread is for the case's audience, and one of its
 * internal notes for staff only (a case thread's own `audience` column says nothing about that).
 */
export async function messageRecord(
  db: DB,
  threadId: string,
  messageId: string,
): Promise<SearchRecord | null> {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('threads as t', (j) => j.onRef('t.id', '=', 'm.thread_id').onRef('t.org_id', '=', 'm.org_id'))
    .select([
      'm.org_id',
      'm.author_id',
      'm.text',
      'm.deleted',
      'm.hidden',
      'm.created_at',
      'm.edited_at',
      't.title',
      't.audience',
      't.case_id',
      't.layer',
    ])
    .where('m.thread_id', '=', threadId)
    .where('m.id', '=', messageId)
    .executeTakeFirst()
  if (!row || row.deleted || row.hidden || row.text.trim() === '') return null
  const visibility = row.case_id
    ? await caseThreadAudience(db, row.case_id, row.layer)
    : threadAudience({ audience: row.audience })
  if (!visibility) return null
  return {
    id: recordId('message', `${threadId}:${messageId}`),
    orgId: row.org_id,
    type: 'message',
    entityId: messageId,
    title: row.title,
    body: row.text,
    language: 'fi',
    url: row.case_id
      ? `/org/${row.org_id}/cases/${row.case_id}?message=${encodeURIComponent(messageId)}`
      : `/org/${row.org_id}/chat/${threadId}?message=${encodeURIComponent(messageId)}`,
    updatedAt: row.edited_at ?? row.created_at,
    visibility,
    authorId: row.author_id,
  }
}

export const messageChanged: Handler = async ({ db }, row) => {
  const { threadId } = payloadOf('message.changed', row.payload)
  const record = await messageRecord(db, threadId, row.entityId)
  return record
    ? { upsert: [record], delete: [] }
    : { upsert: [], delete: [recordId('message', `${threadId}:${row.entityId}`)] }
}

export const messageHandlers: Readonly<Record<string, Handler>> = { 'message.changed': messageChanged }

/** Every message neither deleted nor hidden, in pages. */
export async function* allMessages({ db }: SourceContext, page = 500): AsyncGenerator<SearchRecord[]> {
  let offset = 0
  for (;;) {
    const rows = await db
      .selectFrom('messages')
      .select(['thread_id', 'id'])
      .where('deleted', '=', false)
      .where('hidden', '=', false)
      .orderBy('thread_id')
      .orderBy('id')
      .limit(page)
      .offset(offset)
      .execute()
    if (rows.length === 0) return
    offset += rows.length
    const records = await Promise.all(rows.map((r) => messageRecord(db, r.thread_id, r.id)))
    yield records.filter((r): r is SearchRecord => r !== null)
  }
}

export async function countMessages(db: DB): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('deleted', '=', false)
    .where('hidden', '=', false)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
