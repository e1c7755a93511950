import * as Y from 'yjs'
import { type FieldValue, messagesOf } from '../../schema/docs/thread.ts'

/** The message map an item of the document sits in, with the field it sets; null otherwise. */
export function messageField(doc: Y.Doc, id: Y.ID): { map: Y.Map<FieldValue>; field: string } | null {
  const list = doc.store.clients.get(id.client)
  if (!list || id.clock >= Y.getState(doc.store, id.client)) return null
  const item = list[Y.findIndexSS(list, id.clock)]
  if (!(item instanceof Y.Item) || item.id.clock !== id.clock || item.parentSub === null) return null
  const map = item.parent
  if (!(map instanceof Y.Map) || map._item?.parent !== messagesOf(doc)) return null
  return { map: map as Y.Map<FieldValue>, field: item.parentSub }
}

/**
 * The live message maps these updates set a field of (a new message sets all of its fields) or
 * removed a field from. Compaction projects only these (thread.ts): every accepted update is a
 * log row, and the compaction that folds a row into the snapshot projects it in the same
 * transaction that deletes it, so a message no folded row touched already has its row.
 */
export function touchedMessages(doc: Y.Doc, updates: readonly Uint8Array[]): Set<Y.Map<FieldValue>> {
  const touched = new Set<Y.Map<FieldValue>>()
  const add = (id: Y.ID) => {
    const at = messageField(doc, id)
    if (at) touched.add(at.map)
  }
  for (const update of updates) {
    const { structs, ds } = Y.decodeUpdate(update)
    for (const struct of structs) if (struct instanceof Y.Item) add(struct.id)
    // A removed key (no new value) shows only here. Removed messages (an archive round) resolve
    // to no live map; their fields are bounded by what the update removed.
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        const list = doc.store.clients.get(client)
        if (!list) continue
        const end = Math.min(clock + len, Y.getState(doc.store, client))
        for (let c = clock; c < end; ) {
          const struct = list[Y.findIndexSS(list, c)]!
          if (struct instanceof Y.Item) add(struct.id)
          c = struct.id.clock + struct.length
        }
      }
    }
  }
  // Only maps still in the document: a removed message's row no longer changes.
  for (const map of touched) if (map._item?.deleted) touched.delete(map)
  return touched
}

/**
 * Whether these updates remove messages from the document (an archive round's deletion). Only
 * then can a row be live while its message left (the round's marking lost), so only then does
 * live compaction look for such rows (threads/archive.ts, markLeftArchived). A removed subtree
 * may be garbage-collected to bare structs; those count as a removal.
 */
export function removesMessages(doc: Y.Doc, updates: readonly Uint8Array[]): boolean {
  const array = messagesOf(doc)
  for (const update of updates) {
    for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
      const list = doc.store.clients.get(client)
      if (!list) continue
      for (const { clock, len } of ranges) {
        const end = Math.min(clock + len, Y.getState(doc.store, client))
        for (let c = clock; c < end; ) {
          const struct = list[Y.findIndexSS(list, c)]!
          if (!(struct instanceof Y.Item) || (struct.parent === array && struct.parentSub === null))
            return true
          c = struct.id.clock + struct.length
        }
      }
    }
  }
  return false
}
