import * as Y from 'yjs'
import { type InboxItem, readInbox } from '../../schema/docs/inbox.ts'
import { inboxDocName } from '../../schema/docs/names.ts'
import type { DB } from '../../server/db/connect.ts'
import { loadDocumentState } from '../../server/docstore/documents.ts'

/** Tests: a user's inbox as stored (the notifier stores it before marking its row done). */
export async function storedInbox(db: DB, userId: string): Promise<InboxItem[]> {
  const stored = await loadDocumentState(db, inboxDocName(userId))
  const doc = new Y.Doc()
  if (stored) Y.applyUpdate(doc, stored)
  return readInbox(doc)
}

/** Tests: waits until no `notify` row of these entities is left for the notifier. */
export async function notifyDrained(db: DB, entityIds: readonly string[]): Promise<number> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where('topic', '=', 'notify')
    .where('entity_id', 'in', [...entityIds])
    .where('processed_at', 'is', null)
    .where('parked_at', 'is', null)
    .execute()
  return rows.length
}
