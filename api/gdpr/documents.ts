import * as Y from 'yjs'
import { type DocRef, docName, inboxDocName, parseDocName } from '../../schema/docs/names.ts'
import { deleteMessage, messagesOf } from '../../schema/docs/thread.ts'
import type { DB } from '../../server/db/connect.ts'
import { liveDocWrites, writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { scrubDocument } from './scrub.ts'

/**
 * Live documents forget an erased person. Their messages in thread documents keep their place
 * (the thread keeps its shape) with the text removed (`deleteMessage`, a server write that open
 * sockets receive at once). Then each such document is stored again from a garbage-collected copy
 * and its update log folded in, because a Yjs update keeps deleted text as deleted items: without
 * this, the old text would stay in the stored bytes. Their own inbox document is removed.
 */
export async function forgetInDocuments(
  db: DB,
  opts: {
    userId: string
    removeText: boolean
    orgIds: readonly string[]
    pairs: readonly [string, string][]
  },
): Promise<number> {
  const { userId } = opts
  await db.deleteFrom('collab_updates').where('doc_name', '=', inboxDocName(userId)).execute()
  await db.deleteFrom('collab_documents').where('name', '=', inboxDocName(userId)).execute()
  const names = new Set<string>()
  if (opts.removeText) {
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
    for (const r of fromRows) names.add(docName('thread', r.org_id, r.thread_id))
    for (const r of fromLog) names.add(r.doc_name)
  }
  // Every document of the organisations they belonged to, and the inboxes of those organisations'
  // members: others may have written their name (a thank-you, a mention, a checklist item).
  for (const orgId of opts.orgIds) {
    const docs = await db.selectFrom('collab_documents').select('name').where('org_id', '=', orgId).execute()
    const logged = await db
      .selectFrom('collab_updates')
      .select('doc_name')
      .where('doc_name', 'like', `${orgId}/%`)
      .distinct()
      .execute()
    for (const d of docs) names.add(d.name)
    for (const d of logged) names.add(d.doc_name)
  }
  if (opts.orgIds.length) {
    const members = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('org_id', 'in', [...opts.orgIds])
      .distinct()
      .execute()
    for (const m of members) if (m.user_id !== userId) names.add(inboxDocName(m.user_id))
  }
  const needles = opts.pairs.map(([from]) => Buffer.from(from))
  let changed = 0
  for (const name of names) {
    const ref = parseDocName(name)
    if (!ref.ok) continue
    const { result: scrubbed, update } = await writeStoredDocument(db, name, (doc) => {
      let any = false
      if (ref.doc.kind === 'thread' && opts.removeText) {
        for (const map of messagesOf(doc).toArray()) {
          if (map.get('authorId') === userId && (map.get('text') !== '' || map.get('deleted') !== true)) {
            deleteMessage(doc, String(map.get('id')))
            any = true
          }
        }
      }
      return scrubDocument(ref.doc.kind, doc, opts.pairs) || any
    })
    if (update) liveDocWrites.publish(name, update)
    if (scrubbed || (await storedBytesHold(db, name, needles))) {
      await restoreWithoutHistory(db, ref.doc)
      changed++
    }
  }
  return changed
}

async function storedBytesHold(db: DB, name: string, needles: Buffer[]): Promise<boolean> {
  const stored = await db.selectFrom('collab_documents').select('snapshot').where('name', '=', name).execute()
  const log = await db.selectFrom('collab_updates').select('update').where('doc_name', '=', name).execute()
  const parts = [...stored.map((s) => Buffer.from(s.snapshot)), ...log.map((l) => Buffer.from(l.update))]
  return parts.some((p) => needles.some((n) => p.includes(n)))
}

/** Stores the document as one garbage-collected snapshot and removes the log rows it contains. */
async function restoreWithoutHistory(db: DB, ref: DocRef): Promise<void> {
  const { name } = ref
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
      await trx
        .insertInto('collab_documents')
        .values({ name, org_id: ref.kind === 'inbox' ? null : ref.orgId, kind: ref.kind, snapshot })
        .execute()
    }
    const ids = log.map((r) => r.id)
    if (ids.length) await trx.deleteFrom('collab_updates').where('id', 'in', ids).execute()
  })
}
