import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { postMessage } from '../../schema/docs/thread.ts'
import { projectThread } from '../../server/projections/thread.ts'

/**
 * Writes a demo thread's messages the way the collab server stores a document (a snapshot) and
 * projects it with the collab server's own projection. `minutesAgo` dates each message.
 */
export async function seedThread(
  trx: Kysely<Database>,
  orgId: string,
  threadId: string,
  messages: ReadonlyArray<{ authorId: string; text: string; minutesAgo?: number }>,
): Promise<void> {
  const parsed = parseDocName(docName('thread', orgId, threadId))
  if (!parsed.ok) throw new Error(parsed.reason)
  const doc = new Y.Doc()
  const now = Date.now()
  for (const m of messages) {
    postMessage(doc, { authorId: m.authorId, text: m.text, now: now - (m.minutesAgo ?? 0) * 60_000 })
  }
  await trx
    .insertInto('collab_documents')
    .values({ name: parsed.doc.name, org_id: orgId, kind: 'thread', snapshot: Y.encodeStateAsUpdate(doc) })
    .execute()
  await projectThread(trx, parsed.doc, doc)
  doc.destroy()
}
