import { mentionablePeople } from '../../server/access/mentionable.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import type { DB } from '../../server/db/connect.ts'

/** Who has read a message: read receipts for its author (and the thread's moderators). */
export interface MessageReaders {
  /** People whose read position in the thread is at or after the message, newest first. */
  readers: Array<{ id: string; name: string; readAt: string }>
  /** Everyone the message @-mentions, and whether they have read it yet. */
  mentioned: Array<{ id: string; name: string; read: boolean }>
}

/**
 * The message as the thread projection holds it (not deleted), or null. Its author may ask; so
 * may the thread's moderators. Only people who may still read the thread are listed, so someone
 * who has left the organisation or lost the role is not named.
 */
export async function messageReaders(
  db: DB,
  thread: { id: string; orgId: string },
  messageId: string,
): Promise<(MessageReaders & { authorId: string | null }) | null> {
  const message = await db
    .selectFrom('messages')
    .select(['id', 'author_id', 'text', 'created_at'])
    .where('thread_id', '=', thread.id)
    .where('org_id', '=', thread.orgId)
    .where('id', '=', messageId)
    .where('deleted', '=', false)
    .executeTakeFirst()
  if (!message) return null
  const mayRead = readChecker(db, thread.id)
  const rows = await db
    .selectFrom('thread_reads as tr')
    .innerJoin('users as u', 'u.id', 'tr.user_id')
    .select(['u.id', 'u.name', 'tr.read_at'])
    .where('tr.thread_id', '=', thread.id)
    .where('tr.read_at', '>=', message.created_at)
    .orderBy('tr.read_at', 'desc')
    .execute()
  const readers: MessageReaders['readers'] = []
  for (const r of rows) {
    if (r.id === message.author_id || !(await mayRead(r.id))) continue
    readers.push({ id: r.id, name: r.name, readAt: new Date(r.read_at).toISOString() })
  }
  const read = new Set(readers.map((r) => r.id))
  const mentioned: MessageReaders['mentioned'] = []
  for (const u of await namedIn(db, thread.orgId, message.text)) {
    if (u.id === message.author_id || !(await mayRead(u.id))) continue
    mentioned.push({ id: u.id, name: u.name, read: read.has(u.id) })
  }
  return { authorId: message.author_id, readers, mentioned }
}

function readChecker(db: DB, threadId: string) {
  const known = new Map<string, boolean>()
  return async (userId: string): Promise<boolean> => {
    let ok = known.get(userId)
    if (ok === undefined) {
      const access = await threadAccess(db, await loadPrincipal(db, { userId, mfaVerified: true }), threadId)
      ok = access?.read === true
      known.set(userId, ok)
    }
    return ok
  }
}

/**
 * People "@First Last" names in the text, as the notifier finds them: members of the
 * organisation and the case handlers of the company managing it.
 */
async function namedIn(db: DB, orgId: string, text: string) {
  if (!text.includes('@')) return []
  const lower = text.toLowerCase()
  const people = await mentionablePeople(db, orgId)
  return people.filter((u) => u.name.trim() && lower.includes(`@${u.name.toLowerCase()}`))
}
