import * as Y from 'yjs'

/**
 * The shape of a chat thread document. Defined once; the client writes through these writers,
 * projections read through these readers, and the collab server's write guard enforces the same
 * field list (see collab-server/guard/threadRules.ts), so a hand-crafted update cannot step
 * outside it.
 *
 *   messages: Y.Array<Y.Map>   one map per message, append-only (nothing removes history)
 *   meta:     Y.Map            { locked, lockedBy }
 *   reactions: Y.Map           who reacted how to which message (schema/docs/reactions.ts)
 *
 * "Deleting" a message sets `deleted` and clears its text; moderators "hide" one with a reason,
 * which clears its text too (moderators read it in the history; unhiding restores it).
 * `attachments` (ids of rows in the `attachments` table, uploaded to this thread) is set by the
 * author when the message is created and never changes; older messages have none.
 */
export const THREAD_MESSAGES = 'messages'
export const THREAD_META = 'meta'
/** Reactions live in their own root map (schema/docs/reactions.ts). */
export const THREAD_ROOTS = [THREAD_MESSAGES, THREAD_META, 'reactions'] as const

export const MAX_MESSAGE_LENGTH = 4000
export const MAX_HIDDEN_REASON_LENGTH = 500
export const MAX_MESSAGE_ATTACHMENTS = 10

export interface ThreadMessage {
  id: string
  authorId: string
  text: string
  /** Epoch milliseconds. */
  createdAt: number
  editedAt: number | null
  deleted: boolean
  hidden: boolean
  hiddenReason: string | null
  hiddenBy: string | null
  attachments: string[]
}

export interface ThreadMeta {
  locked: boolean
  lockedBy: string | null
}

export type MessageField = keyof ThreadMessage
export const MESSAGE_FIELDS: readonly MessageField[] = [
  'id',
  'authorId',
  'text',
  'createdAt',
  'editedAt',
  'deleted',
  'hidden',
  'hiddenReason',
  'hiddenBy',
  'attachments',
]
export type MetaField = keyof ThreadMeta
export const META_FIELDS: readonly MetaField[] = ['locked', 'lockedBy']

export type FieldValue = string | number | boolean | null | readonly string[]

export function messagesOf(doc: Y.Doc): Y.Array<Y.Map<FieldValue>> {
  return doc.getArray<Y.Map<FieldValue>>(THREAD_MESSAGES)
}

export function metaOf(doc: Y.Doc): Y.Map<FieldValue> {
  return doc.getMap<FieldValue>(THREAD_META)
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback)
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const strList = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_MESSAGE_ATTACHMENTS)
    : []
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Reads one message map leniently: a reader never throws on a malformed document. */
export function readMessage(map: Y.Map<FieldValue>): ThreadMessage {
  return {
    id: str(map.get('id')),
    authorId: str(map.get('authorId')),
    text: str(map.get('text')),
    createdAt: num(map.get('createdAt')),
    editedAt: numOrNull(map.get('editedAt')),
    deleted: map.get('deleted') === true,
    hidden: map.get('hidden') === true,
    hiddenReason: strOrNull(map.get('hiddenReason')),
    hiddenBy: strOrNull(map.get('hiddenBy')),
    attachments: strList(map.get('attachments')),
  }
}

export function readMessages(doc: Y.Doc): ThreadMessage[] {
  const out: ThreadMessage[] = []
  for (const item of messagesOf(doc)) if (item instanceof Y.Map) out.push(readMessage(item))
  return out
}

export function readThreadMeta(doc: Y.Doc): ThreadMeta {
  const meta = metaOf(doc)
  return { locked: meta.get('locked') === true, lockedBy: strOrNull(meta.get('lockedBy')) }
}

export function findMessageMap(doc: Y.Doc, id: string): Y.Map<FieldValue> | undefined {
  for (const item of messagesOf(doc)) if (item instanceof Y.Map && item.get('id') === id) return item
  return undefined
}

function requireMessage(doc: Y.Doc, id: string): Y.Map<FieldValue> {
  const map = findMessageMap(doc, id)
  if (!map) throw new Error(`No message ${id} in this thread`)
  return map
}

function checkText(text: string): string {
  if (text.length === 0 || text.length > MAX_MESSAGE_LENGTH) {
    throw new Error(`A message is 1–${MAX_MESSAGE_LENGTH} characters`)
  }
  return text
}

export function postMessage(
  doc: Y.Doc,
  input: { id?: string; authorId: string; text: string; now?: number; attachments?: string[] },
): ThreadMessage {
  const attachments = input.attachments ?? []
  if (attachments.length > MAX_MESSAGE_ATTACHMENTS) {
    throw new Error(`A message carries at most ${MAX_MESSAGE_ATTACHMENTS} attachments`)
  }
  const message: ThreadMessage = {
    id: input.id ?? crypto.randomUUID(),
    authorId: input.authorId,
    text: checkText(input.text),
    createdAt: input.now ?? Date.now(),
    editedAt: null,
    deleted: false,
    hidden: false,
    hiddenReason: null,
    hiddenBy: null,
    attachments,
  }
  const map = new Y.Map<FieldValue>()
  for (const field of MESSAGE_FIELDS) map.set(field, message[field])
  messagesOf(doc).push([map])
  return message
}

export function editMessage(doc: Y.Doc, id: string, text: string, now = Date.now()): void {
  const map = requireMessage(doc, id)
  doc.transact(() => {
    map.set('text', checkText(text))
    map.set('editedAt', now)
  })
}

export function deleteMessage(doc: Y.Doc, id: string, now = Date.now()): void {
  const map = requireMessage(doc, id)
  doc.transact(() => {
    map.set('deleted', true)
    map.set('text', '')
    map.set('editedAt', now)
  })
}

/**
 * Hides a message: its text leaves the document (every reader holds the document), kept only in
 * the moderators' history (`message_versions`); unhiding leaves the text empty and the collab
 * server puts it back from there (collab-server/extensions/hiddenText.ts).
 */
export function hideMessage(doc: Y.Doc, id: string, by: string, reason: string): void {
  const map = requireMessage(doc, id)
  doc.transact(() => {
    map.set('hidden', true)
    if (map.get('text') !== '') map.set('text', '')
    map.set('hiddenBy', by)
    map.set('hiddenReason', reason.slice(0, MAX_HIDDEN_REASON_LENGTH))
  })
}

export function unhideMessage(doc: Y.Doc, id: string, by: string): void {
  const map = requireMessage(doc, id)
  doc.transact(() => {
    map.set('hidden', false)
    map.set('hiddenBy', by)
    map.set('hiddenReason', null)
  })
}

export function setThreadLocked(doc: Y.Doc, locked: boolean, by: string): void {
  const meta = metaOf(doc)
  doc.transact(() => {
    meta.set('locked', locked)
    meta.set('lockedBy', locked ? by : null)
  })
}

/**
 * The thread archive (server/threads/archive.ts): after a compaction, a document
 * holding more than `at` messages keeps the newest `keep`; older ones live on in their rows.
 */
export interface ArchiveLimits {
  /** Messages the live document keeps after a round. */
  keep: number
  /** A round starts when the live document holds more than this. */
  at: number
}
export const ARCHIVE_LIMITS: ArchiveLimits = { keep: 200, at: 300 }

/**
 * Messages before this index are on their way to the archive: from the moment the document holds
 * more than `at`, nobody changes them (the write guard refuses, the client offers no action)
 * until the next round moves them out. Every instance sees the same document, so every
 * instance's guard agrees; an edit accepted elsewhere just before has reached this instance long
 * before the round, which runs at the next compaction (seconds later), and so is in the row it
 * archives.
 */
export function archiveBoundary(length: number, limits: ArchiveLimits = ARCHIVE_LIMITS): number {
  return length > limits.at ? length - limits.keep : 0
}
