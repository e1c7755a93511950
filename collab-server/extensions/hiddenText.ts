import type { afterLoadDocumentPayload, Extension, onChangePayload } from '@hocuspocus/server'
import * as Y from 'yjs'
import { type DocRef, parseDocName } from '../../schema/docs/names.ts'
import { type FieldValue, messagesOf } from '../../schema/docs/thread.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import { projectMessageVersions } from '../../server/projections/messageVersions.ts'
import { latestTexts } from '../../server/threads/archiveReader.ts'
import { isCollabContext } from '../context.ts'

/**
 * Hidden text lives only in the moderators' history. Every reader holds the whole thread
 * document, so a hidden message carries no text there: the moderator's hide clears it in the same
 * update (the guard insists, guard/threadRules.ts), and this extension
 * - on a hide or unhide from a client, folds the update log into `message_versions` at once, so
 *   moderators read the hidden text from the history over HTTP straight away (not only after
 *   the next compaction) and an unhide finds it;
 * - on an unhide, writes the message's latest text back from the history (a server write: logged
 *   and broadcast like any other); only the server can, since nobody but the author may write a
 *   message's text and the guard cannot check a restored text against the history;
 * - when a thread loads, clears the text of messages hidden before this rule existed.
 */
const SERVER_WRITE = { source: 'local', context: {} } as const

/**
 * Existing message maps whose `hidden` this update sets, with the value. A message created in the
 * same update is left out: every new message sets `hidden: false`, and counting that as an unhide
 * folded the whole update log into the history for every post, in a transaction of its own (on
 * PGlite's one connection 2,600 of them in a 30 s busy-channel run, 67 s of holding it, up to
 * 760 ms each, while health checks and acks waited: issue 21). A new message has no history to
 * record yet and no text to restore; compaction records its text.
 */
export function hiddenWrites(doc: Y.Doc, update: Uint8Array): Map<Y.Map<FieldValue>, boolean> {
  const out = new Map<Y.Map<FieldValue>, boolean>()
  const messages = messagesOf(doc)
  const { structs } = Y.decodeUpdate(update)
  // Per client, the clock ranges this update carries (an item it carries is created by it).
  const ranges = new Map<number, Array<[number, number]>>()
  for (const s of structs) {
    const list = ranges.get(s.id.client) ?? []
    list.push([s.id.clock, s.id.clock + s.length])
    ranges.set(s.id.client, list)
  }
  const createdHere = (id: Y.ID) =>
    ranges.get(id.client)?.some(([from, to]) => from <= id.clock && id.clock < to) ?? false
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
    // An update leaves out the key of an item placed after another (it follows from the left
    // neighbour), so the key is read from the item as the document integrated it.
    const list = doc.store.clients.get(struct.id.client)
    if (!list) continue
    const item = list[Y.findIndexSS(list, struct.id.clock)]
    if (!(item instanceof Y.Item) || item.parentSub !== 'hidden') continue
    const map = item.parent
    if (map instanceof Y.Map && map._item?.parent === messages && !createdHere(map._item.id))
      out.set(map as Y.Map<FieldValue>, struct.content.arr[0] === true)
  }
  return out
}

export function hiddenTextExtension(opts: { db: DB; log: Logger }): Extension {
  /** Every version the log holds for this thread, recorded now (idempotent, as at compaction). */
  async function recordHistory(ref: DocRef, doc: Y.Doc): Promise<void> {
    await opts.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('collab_updates')
        .select(['update', 'user_id', 'created_at'])
        .where('doc_name', '=', ref.name)
        .orderBy('id')
        .execute()
      const log = rows.map((r) => ({ update: new Uint8Array(r.update), userId: r.user_id, at: r.created_at }))
      await projectMessageVersions(trx, ref, doc, { log })
    })
  }

  async function restore(ref: DocRef & { id: string }, doc: Y.Doc, maps: Y.Map<FieldValue>[]): Promise<void> {
    const ids = maps.map((m) => m.get('id')).filter((id): id is string => typeof id === 'string')
    const texts = await latestTexts(opts.db, ref.id, ids)
    // From here on nothing awaits: the document cannot change under us.
    const due = maps.filter(
      (m) =>
        m.get('hidden') === false &&
        m.get('deleted') !== true &&
        m.get('text') === '' &&
        m._item?.deleted === false,
    )
    doc.transact(() => {
      for (const map of due) {
        const text = texts.get(String(map.get('id')))
        if (!text) {
          opts.log.warn('collab.unhide_without_history', { doc: ref.name, messageId: map.get('id') })
          continue
        }
        // `hidden` again in the same update: history records this as moderation, not a version.
        map.set('hidden', false)
        map.set('text', text)
      }
    }, SERVER_WRITE)
  }

  return {
    extensionName: 'kotipiha-hidden-text',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const parsed = parseDocName(documentName)
      if (!parsed.ok || parsed.doc.kind !== 'thread') return
      const leaking = messagesOf(document)
        .toArray()
        .filter((m) => m instanceof Y.Map && m.get('hidden') === true && m.get('text') !== '')
      if (leaking.length === 0) return
      // Their texts are already in the history (recorded from the log at every compaction).
      document.transact(() => {
        for (const map of leaking) map.set('text', '')
      }, SERVER_WRITE)
    },
    async onChange({ document, documentName, update, transactionOrigin, context }: onChangePayload) {
      const origin = transactionOrigin as { source?: string } | undefined
      if (origin?.source !== 'connection') return
      // Only a moderator's update can hide or unhide: the guard refuses `hidden` on an existing
      // message from anyone else (threadRules.ts), so nobody else's update is decoded here (one
      // more decode of every post, 1–2 % of a busy channel's main thread: bench:busy).
      if (isCollabContext(context) && !context.moderator) return
      const parsed = parseDocName(documentName)
      if (!parsed.ok || parsed.doc.kind !== 'thread') return
      const writes = hiddenWrites(document, update)
      if (writes.size === 0) return
      const ref = parsed.doc
      try {
        await recordHistory(ref, document)
        const unhidden = [...writes].filter(([, hidden]) => !hidden).map(([map]) => map)
        if (unhidden.length > 0) await restore(ref, document, unhidden)
      } catch (error) {
        opts.log.error('collab.hidden_text_failed', { doc: documentName, error: String(error) })
      }
    },
  }
}
