import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import { type DocRef, isUuid } from '../../schema/docs/names.ts'
import { type FieldValue, messagesOf } from '../../schema/docs/thread.ts'
import { messageField } from './touched.ts'

/**
 * Thread → `message_versions`: every text a message has had, with who and when.
 *
 * The document cannot hold this: it is readable by every member, and Yjs forgets an overwritten
 * map value (its content is garbage-collected), which is what makes "delete" a real delete for
 * readers. The update log can: each row is one accepted update, with the server's time and the
 * writer. So compaction hands the rows it folds into the snapshot to this projection, in its
 * transaction, before it deletes them; an edit is either still a log row or already a version,
 * never neither. Each version is keyed by the Yjs item that carried the text (`client:clock`), so
 * projecting a row twice (a rebuild, a retried compaction) inserts nothing new.
 */
export interface LoggedUpdate {
  /** The log row's id (case record history keys its entries by it). */
  id?: string
  update: Uint8Array
  userId: string | null
  at: Date
}

export interface VersionInput {
  /** Log rows being folded into the snapshot, oldest first. */
  log: readonly LoggedUpdate[]
  /**
   * Also record each message's current text when no version of it exists (a rebuild: documents
   * compacted before this table existed). Skipped on live compaction, where the log covers it.
   */
  fromState?: boolean
  /** The stored state the log rows are folded onto: the case record history replays them on it. */
  before?: Uint8Array
  /**
   * Project only the messages the log rows touched (live compaction). Without it every live
   * message is projected and renumbered (a rebuild, the first compaction after a load).
   */
  incremental?: boolean
  /** Message maps the thread projection refused (their id is another message's): not recorded. */
  skip?: ReadonlySet<Y.Map<FieldValue>>
}

interface Version {
  thread_id: string
  org_id: string
  message_id: string
  version: string
  text: string
  deleted: boolean
  edited_by: string | null
  edited_at: Date
}

const keyOf = (id: Y.ID) => `${id.client}:${id.clock}`

function fromLog(
  ref: { orgId: string; id: string },
  doc: Y.Doc,
  row: LoggedUpdate,
  skip: ReadonlySet<Y.Map<FieldValue>>,
): Version[] {
  const out: Version[] = []
  const deletedMaps = new Set<Y.Map<FieldValue>>()
  // Hiding clears a text and unhiding restores it, in the same update as `hidden`: moderation,
  // not a version of the message (a new message sets `hidden` too, with its `id`).
  const moderatedMaps = new Set<Y.Map<FieldValue>>()
  const createdMaps = new Set<Y.Map<FieldValue>>()
  const texts: Array<{ map: Y.Map<FieldValue>; id: Y.ID; text: string }> = []
  for (const struct of Y.decodeUpdate(row.update).structs) {
    // The decoded struct still holds the value, even when the document has since overwritten it.
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
    const value = struct.content.arr[0]
    const at = messageField(doc, struct.id)
    if (!at || skip.has(at.map)) continue
    if (at.field === 'deleted' && value === true) deletedMaps.add(at.map)
    if (at.field === 'hidden') moderatedMaps.add(at.map)
    if (at.field === 'id') createdMaps.add(at.map)
    if (at.field === 'text' && typeof value === 'string')
      texts.push({ map: at.map, id: struct.id, text: value })
  }
  for (const { map, id, text } of texts) {
    if (moderatedMaps.has(map) && !createdMaps.has(map)) continue
    const messageId = map.get('id')
    if (typeof messageId !== 'string' || !isUuid(String(map.get('authorId')))) continue
    out.push({
      org_id: ref.orgId,
      thread_id: ref.id,
      message_id: messageId,
      version: keyOf(id),
      text,
      deleted: deletedMaps.has(map),
      edited_by: row.userId,
      edited_at: row.at,
    })
  }
  return out
}

function fromState(
  ref: { orgId: string; id: string },
  doc: Y.Doc,
  skip: ReadonlySet<Y.Map<FieldValue>>,
): Version[] {
  const out: Version[] = []
  for (const map of messagesOf(doc)) {
    if (!(map instanceof Y.Map) || skip.has(map)) continue
    const item = map._map.get('text')
    const messageId = map.get('id')
    const authorId = map.get('authorId')
    const text = map.get('text')
    if (!item || typeof messageId !== 'string' || typeof authorId !== 'string' || !isUuid(authorId)) continue
    // A hidden message's text left the document (hiding is not a version).
    if (typeof text !== 'string' || map.get('hidden') === true) continue
    const editedAt = map.get('editedAt')
    const createdAt = map.get('createdAt')
    const when = typeof editedAt === 'number' ? editedAt : typeof createdAt === 'number' ? createdAt : 0
    out.push({
      org_id: ref.orgId,
      thread_id: ref.id,
      message_id: messageId,
      version: keyOf(item.id),
      text,
      deleted: map.get('deleted') === true && text === '',
      // Only the author may set a message's text (guard/threadRules.ts).
      edited_by: authorId,
      edited_at: new Date(when),
    })
  }
  return out
}

export async function projectMessageVersions(
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
  input: VersionInput,
): Promise<void> {
  if (ref.kind !== 'thread') return
  const skip = input.skip ?? new Set()
  const all = input.log.flatMap((row) => fromLog(ref, doc, row, skip))
  if (input.fromState) all.push(...fromState(ref, doc, skip))
  // One statement must not carry a key twice; the log's version (server time, writer) wins.
  const versions = [...new Map(all.reverse().map((v) => [v.version, v])).values()]
  for (let i = 0; i < versions.length; i += 500) {
    await trx
      .insertInto('message_versions')
      .values(versions.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['thread_id', 'version']).doNothing())
      .execute()
  }
}
