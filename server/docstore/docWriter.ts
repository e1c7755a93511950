import * as Y from 'yjs'
import type { DB } from '../db/connect.ts'
import { loadDocumentParts } from './documents.ts'

/**
 * Server-side writes into a live document from the API (a contractor's progress, a new board's
 * columns), whichever process the API runs in.
 *
 * The change is made on the stored state (snapshot + update log), encoded as one update with a
 * fresh client id, and appended to the update log inside the caller's transaction: from then on
 * it is part of the document for every instance that loads it, and compaction keeps it (it
 * merges, never overwrites). An instance in this process that has the document open applies it
 * at once through `liveDocWrites`, so watching clients see it without a reload; another instance
 * picks it up when it next loads the document (a known gap with several collab processes: the
 * write is durable and merged by compaction, but those watchers see it only after a reload).
 */
export type LiveWriteListener = (docName: string, update: Uint8Array) => void

const listeners = new Set<LiveWriteListener>()

/** In-process subscription used by server/docstore/serverWrites.ts. */
export const liveDocWrites = {
  subscribe(listener: LiveWriteListener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  publish(docName: string, update: Uint8Array): void {
    for (const l of listeners) l(docName, update)
  },
}

/** Snapshot and log read in one statement (documents.ts says why). */
async function loadStored(db: DB, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false })
  for (const part of (await loadDocumentParts(db, name)) ?? []) Y.applyUpdate(doc, part)
  return doc
}

/**
 * Applies `change` to the stored document and appends the resulting update (if any) to the log
 * through `db` (pass the request's transaction). Returns the update so the caller can publish it
 * after the commit.
 */
export async function writeStoredDocument<T>(
  db: DB,
  name: string,
  change: (doc: Y.Doc) => T,
): Promise<{ result: T; update: Uint8Array | null }> {
  const doc = await loadStored(db, name)
  const before = Y.encodeStateVector(doc)
  const result = doc.transact(() => change(doc))
  const update = Y.encodeStateAsUpdate(doc, before)
  doc.destroy()
  const empty = update.byteLength === 2 && update[0] === 0 && update[1] === 0
  if (empty) return { result, update: null }
  await db.insertInto('collab_updates').values({ doc_name: name, update, user_id: null }).execute()
  return { result, update }
}
