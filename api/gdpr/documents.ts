import * as Y from 'yjs'
import { docName, inboxDocName } from '../../schema/docs/names.ts'
import { deleteMessage, messagesOf } from '../../schema/docs/thread.ts'
import type { DB } from '../../server/db/connect.ts'
import { liveDocWrites, writeStoredDocument } from '../../server/docstore/docWriter.ts'

/**
 * Live documents forget an erased person. Their messages in thread documents keep their place
 * (the thread keeps its shape) with the text removed (`deleteMessage`, a server write that open
 * sockets receive at once). Then each such document is stored again from a garbage-collected copy
 * and its update log folded in, because a Yjs update keeps deleted text as deleted items: without
 * this, the old text would stay in the stored bytes. Their own inbox document is removed.
 */
export async function forgetInDocuments(db: DB, userId: string, removeText: boolean): Promise<number> {
  await db.deleteFrom('collab_updates').where('doc_name', '=', inboxDocName(userId)).execute()
  await db.deleteFrom('collab_documents').where('name', '=', inboxDocName(userId)).execute()
  if (!removeText) return 0
  const fromRows = await db
    .selectFrom('messages')
    .select(['org_id', 'thread_id'])
    .where('author_id', '=', userId)
    .distinct()
    .execute()
  const fromLog = await db
    .selectFrom('collab_updates')
    .select('doc_name')
    .where('user_id', '=', userId)
    .where('doc_name', 'like', '%/thread/%')
    .distinct()
    .execute()
  const names = new Set([
    ...fromRows.map((r) => docName('thread', r.org_id, r.thread_id)),
    ...fromLog.map((r) => r.doc_name),
  ])
  for (const name of names) {
    const { update } = await writeStoredDocument(db, name, (doc) => {
      for (const map of messagesOf(doc).toArray()) {
        if (map.get('authorId') === userId && (map.get('text') !== '' || map.get('deleted') !== true))
          deleteMessage(doc, String(map.get('id')))
      }
    })
    if (update) liveDocWrites.publish(name, update)
    await restoreWithoutHistory(db, name)
  }
  return names.size
}

/** Stores the document as one garbage-collected snapshot and removes the log rows it contains. */
async function restoreWithoutHistory(db: DB, name: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('collab_documents')
      .select('snapshot')
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst()
    const log = await trx
      .selectFrom('collab_updates')
      .select(['id', 'update'])
      .where('doc_name', '=', name)
      .orderBy('id')
      .execute()
    const doc = new Y.Doc({ gc: true })
    if (stored) Y.applyUpdate(doc, new Uint8Array(stored.snapshot))
    for (const row of log) Y.applyUpdate(doc, new Uint8Array(row.update))
    // Re-encoding from a fresh gc document drops the content of deleted items.
    const clean = new Y.Doc({ gc: true })
    Y.applyUpdate(clean, Y.encodeStateAsUpdate(doc))
    const snapshot = Y.encodeStateAsUpdate(clean)
    doc.destroy()
    clean.destroy()
    if (stored) await trx.updateTable('collab_documents').set({ snapshot }).where('name', '=', name).execute()
    else {
      const [orgId, kind] = name.split('/')
      await trx
        .insertInto('collab_documents')
        .values({ name, org_id: orgId ?? null, kind: kind ?? 'thread', snapshot })
        .execute()
    }
    const ids = log.map((r) => r.id)
    if (ids.length) await trx.deleteFrom('collab_updates').where('id', 'in', ids).execute()
  })
}
