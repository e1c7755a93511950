import { localName } from '../../schema/localNames.ts'
import type { NotifyOf } from '../../schema/outbox.ts'
import { loadCaseFacts } from '../../server/access/caseFacts.ts'
import { mentionablePeople } from '../../server/access/mentionable.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * Inbox items about new messages (from the thread projection): to everyone taking part in the
 * thread (who has written there; for a case its reporter, assignee and participants) and to
 * whoever is @-mentioned, each checked with the one thread access decision
 * (server/access/threadAccess.ts), never the author. Someone who had read the thread past a
 * message before its notice is handled gets the item already read.
 */
export type MessagesPayload = NotifyOf<'messages'>

export async function messageDeliveries(db: DB, row: OutboxRow, p: MessagesPayload): Promise<Delivery[]> {
  const thread = await db
    .selectFrom('threads')
    .select(['id', 'org_id', 'title', 'names', 'case_id', 'layer'])
    .where('id', '=', p.threadId)
    .executeTakeFirst()
  if (!thread) return []
  // Who takes part: everyone who has written here, and for a case its reporter, assignee and
  // participants (internal notes: its handlers' authors and the assignee, checked below). The
  // writers are kept by triggers on `messages` (migration 0043), not found by scanning the
  // thread's whole history for each batch of new messages (issue 21).
  const authors = await db
    .selectFrom('thread_participants')
    .select('user_id')
    .where('thread_id', '=', thread.id)
    .execute()
  const takingPart = new Set(authors.map((a) => a.user_id))
  let link = `/org/${thread.org_id}/chat/${thread.id}`
  if (thread.case_id) {
    const loaded = await loadCaseFacts(db, thread.case_id)
    if (loaded) {
      link = `/org/${thread.org_id}/cases/${thread.case_id}`
      takingPart.add(loaded.facts.reporterId)
      if (loaded.facts.assigneeId) takingPart.add(loaded.facts.assigneeId)
      for (const u of loaded.facts.participants) takingPart.add(u)
    }
  }
  // Mentions: "@First Last" of anyone who can read the thread and is named in the message.
  const mentionable = await mentionablePeople(db, thread.org_id, [...takingPart])
  const names = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', [...new Set(p.messages.map((m) => m.authorId))])
        .execute()
    ).map((u) => [u.id, u.name]),
  )
  const seenUpTo = await readPositions(db, thread.id, p.messages)
  // A channel's name in each recipient's language (staff may give fi/sv/en; issue 20). Everyone
  // taking part is among the mention candidates.
  const languages = new Map(mentionable.map((u) => [u.id, u.language] as const))
  const out: Delivery[] = []
  const readable = new Map<string, boolean>()
  const mayRead = async (userId: string) => {
    if (!readable.has(userId)) {
      const access = await threadAccess(db, await loadPrincipal(db, { userId, mfaVerified: true }), thread.id)
      readable.set(userId, access?.read === true)
    }
    return readable.get(userId)
  }
  for (const m of p.messages) {
    const mentioned = new Set(
      mentionable.filter((u) => m.text.toLowerCase().includes(`@${u.name.toLowerCase()}`)).map((u) => u.id),
    )
    const body = `${names.get(m.authorId) ?? ''}: ${m.text.slice(0, 200)}`
    for (const userId of new Set([...takingPart, ...mentioned])) {
      if (userId === m.authorId || !(await mayRead(userId))) continue
      const mention = mentioned.has(userId)
      const seen = seenUpTo.seen(userId, m.id)
      out.push({
        userId,
        prefKind: 'message',
        ...(seen !== undefined ? { readAt: seen } : {}),
        item: {
          id: `${row.id}:${m.id}:${userId}`,
          kind: mention ? 'mention' : 'message',
          orgId: thread.org_id,
          link,
          title: localName(thread.names, thread.title, languages.get(userId) ?? 'fi'),
          body,
          createdAt: Date.now(),
        },
      })
    }
  }
  return out
}

/**
 * Who had already read each message when it is delivered: the message reached them live (the
 * case or channel was open) and their client marked the thread read, before the projection
 * and this notice trailed it by the compaction delay. Their item is stored read (issue 20).
 */
async function readPositions(db: DB, threadId: string, messages: ReadonlyArray<{ id: string }>) {
  const [reads, written] = await Promise.all([
    db.selectFrom('thread_reads').select(['user_id', 'read_at']).where('thread_id', '=', threadId).execute(),
    messages.length
      ? db
          .selectFrom('messages')
          .select(['id', 'created_at'])
          .where('thread_id', '=', threadId)
          .where(
            'id',
            'in',
            messages.map((m) => m.id),
          )
          .execute()
      : [],
  ])
  const readAt = new Map(reads.map((r) => [r.user_id, new Date(r.read_at).getTime()]))
  const createdAt = new Map(written.map((m) => [m.id, new Date(m.created_at).getTime()]))
  return {
    seen(userId: string, messageId: string): number | undefined {
      const read = readAt.get(userId)
      const created = createdAt.get(messageId)
      return read !== undefined && created !== undefined && read >= created ? read : undefined
    },
  }
}
