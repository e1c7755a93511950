import * as Y from 'yjs'
import { isUuid } from '../../schema/docs/names.ts'
import {
  archiveBoundary,
  type FieldValue,
  MAX_HIDDEN_REASON_LENGTH,
  MAX_MESSAGE_ATTACHMENTS,
  MAX_MESSAGE_LENGTH,
  MESSAGE_FIELDS,
  META_FIELDS,
  type MessageField,
  messagesOf,
  readMessage,
  readThreadMeta,
  THREAD_MESSAGES,
  THREAD_META,
} from '../../schema/docs/thread.ts'
import { contentOf, isMapContent, missingField, slotOf, updateFields, type Verdict } from './fields.ts'
import { idsOfMaps, reusedId } from './freshIds.ts'
import type { ContainerRef, Deletion, Insertion } from './inspect.ts'
import {
  checkReactedMessages,
  checkReactionDelete,
  checkReactionInsert,
  isReactionPath,
} from './reactionRules.ts'
import type { GuardPrincipal, GuardSettings, KindRules } from './rules.ts'

/**
 * The thread document's write rules (shape in schema/docs/thread.ts):
 * - anyone who may write appends messages, authored by themself, with fresh fields;
 * - only the author edits text, marks edited, or deletes (a flag; nothing is removed);
 * - only moderators hide/unhide or lock; nobody changes id, author or creation time;
 * - a hidden message carries no text: hiding clears it in the same update (the moderator may
 *   write `text: ''` only then), nobody writes text into a hidden message, and unhiding leaves
 *   it empty for the server to restore from the history (extensions/hiddenText.ts);
 * - attachments: a list of distinct attachment ids, set only when the message is created (by its
 *   author, as every new field); whose files they are is checked where the ids are resolved
 *   (docs/COLLAB.md, "Message attachments");
 * - while locked, only moderators write; nothing outside the shape is accepted;
 * - messages on their way to the archive (`archiveBoundary`) change no more;
 * - a new message's id is fresh: not in the document, not twice in the update (freshIds.ts), and
 *   not in the thread's archive, which the guard extension asks the database about (`newIds`);
 * - reactions: one's own only, on a live message (reactionRules.ts).
 */
const AUTHOR_FIELDS: readonly MessageField[] = ['text', 'editedAt', 'deleted']
const MODERATOR_FIELDS: readonly MessageField[] = ['hidden', 'hiddenReason', 'hiddenBy']
const REQUIRED_ON_CREATE: readonly MessageField[] = ['id', 'authorId', 'text', 'createdAt']

function isMessageContainer(ref: ContainerRef): boolean {
  const { path } = ref
  return (
    path.at === 'root' &&
    path.root === THREAD_MESSAGES &&
    path.key === null &&
    ref.item.content instanceof Y.ContentType &&
    ref.item.content.type instanceof Y.Map
  )
}

const isField = (key: string | null): key is MessageField =>
  key !== null && (MESSAGE_FIELDS as readonly string[]).includes(key)

function checkNewField(field: MessageField, value: unknown, who: GuardPrincipal): Verdict {
  switch (field) {
    case 'id':
      return typeof value === 'string' && isUuid(value) ? null : 'message id must be a UUID'
    case 'authorId':
      return value === who.userId ? null : 'a message must be authored by its sender'
    case 'text':
      return typeof value === 'string' && value.length >= 1 && value.length <= MAX_MESSAGE_LENGTH
        ? null
        : 'message text has the wrong length'
    case 'createdAt':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'createdAt must be a time'
    case 'editedAt':
    case 'hiddenReason':
    case 'hiddenBy':
      return value === null ? null : `a new message cannot set ${field}`
    case 'deleted':
    case 'hidden':
      return value === false ? null : `a new message cannot set ${field}`
    case 'attachments':
      return isAttachmentList(value)
        ? null
        : `attachments must be at most ${MAX_MESSAGE_ATTACHMENTS} distinct ids`
  }
}

function isAttachmentList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > MAX_MESSAGE_ATTACHMENTS) return false
  return value.every((id) => typeof id === 'string' && isUuid(id)) && new Set(value).size === value.length
}

function checkEdit(field: MessageField, value: unknown, who: GuardPrincipal): Verdict {
  switch (field) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_MESSAGE_LENGTH
        ? null
        : 'message text is too long'
    case 'editedAt':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'editedAt must be a time'
    case 'deleted':
      return value === true ? null : 'a deleted message stays deleted'
    case 'hidden':
      return typeof value === 'boolean' ? null : 'hidden must be true or false'
    case 'hiddenReason':
      return value === null || (typeof value === 'string' && value.length <= MAX_HIDDEN_REASON_LENGTH)
        ? null
        : 'hiddenReason is too long'
    case 'hiddenBy':
      return value === null || value === who.userId ? null : 'hiddenBy must be the moderator'
    default:
      return `${field} cannot change`
  }
}

/** May this principal write `field` of this existing message at all? */
function mayWriteField(field: MessageField, authorId: string, who: GuardPrincipal): Verdict {
  if (AUTHOR_FIELDS.includes(field))
    return authorId === who.userId ? null : 'only the author may change a message'
  if (MODERATOR_FIELDS.includes(field)) return who.moderator ? null : 'only a moderator may hide a message'
  return `${field} cannot change`
}

/** Is this message map on its way to the archive (schema/docs/thread.ts, `archiveBoundary`)? */
type Frozen = (map: Y.Map<FieldValue>) => boolean

function frozenIn(doc: Y.Doc, settings: GuardSettings): Frozen {
  // Built on the first edit of an existing message: a new message never needs it.
  let frozen: Set<unknown> | undefined
  return (map) => {
    if (!frozen) {
      const array = messagesOf(doc)
      frozen = new Set(array.slice(0, archiveBoundary(array.length, settings.archive)))
    }
    return frozen.has(map)
  }
}

const ARCHIVING = 'an archived message cannot change'

/** Per existing message map (its item), the values this update writes to `hidden` and `text`. */
interface Moderation {
  hiding: Set<Y.Item>
  clearing: Set<Y.Item>
}

function moderationIn(inserts: Insertion[]): Moderation {
  const m: Moderation = { hiding: new Set(), clearing: new Set() }
  for (const { item, path } of inserts) {
    if (path.at !== 'nested' || path.container.source !== 'doc') continue
    const content = contentOf(item)
    if (content.kind !== 'value') continue
    if (path.key === 'hidden' && content.value === true) m.hiding.add(path.container.item)
    if (path.key === 'text' && content.value === '') m.clearing.add(path.container.item)
  }
  return m
}

/** Text and hiding, which depend on each other (see the rules above); undefined: not concerned. */
function checkHiddenText(
  key: MessageField,
  value: unknown,
  message: ReturnType<typeof readMessage>,
  container: Y.Item,
  who: GuardPrincipal,
  m: Moderation,
): Verdict | undefined {
  const hidden = message.hidden || m.hiding.has(container)
  if (key === 'hidden' && value === true)
    return message.text === '' || m.clearing.has(container) ? undefined : 'hiding a message removes its text'
  if (key !== 'text') return undefined
  if (hidden && value !== '') return 'a hidden message carries no text'
  // A moderator's only text write: clearing the text of the message they hide.
  if (message.authorId !== who.userId && who.moderator && hidden) return null
  return undefined
}

function checkInsert(
  ins: Insertion,
  who: GuardPrincipal,
  newFields: Map<Y.Item, Set<string>>,
  newIds: unknown[],
  frozen: Frozen,
  moderation: Moderation,
): Verdict {
  const { item, path } = ins
  const content = contentOf(item)
  if (path.at === 'root') {
    if (path.root === THREAD_MESSAGES && path.key === null) {
      if (!isMapContent(content)) return 'messages holds message maps only'
      newFields.set(item, new Set())
      return null
    }
    if (path.root === THREAD_META && path.key !== null) {
      if (!who.moderator) return 'only a moderator may lock a thread'
      if (!(META_FIELDS as readonly string[]).includes(path.key)) return 'outside the thread shape'
      if (content.kind === 'removed') return null
      if (content.kind !== 'value') return 'thread settings are plain values'
      if (path.key === 'locked')
        return typeof content.value === 'boolean' ? null : 'locked must be true or false'
      return content.value === null || content.value === who.userId ? null : 'lockedBy must be the moderator'
    }
    return 'outside the thread shape'
  }
  const { container, key } = path
  if (!isMessageContainer(container) || !isField(key)) return 'outside the thread shape'
  if (container.source === 'update') {
    const written = newFields.get(container.item)
    // Several of the author's changes merged into one update (an offline client's resync, or
    // queued frames, coalesce.ts), e.g. a post and its edit: the post's first value arrives
    // already overwritten (content removed), the edit's value after it, in clock order. The
    // removed value is recorded as `~field` (never counted as a required field present), and a
    // later value for that field is judged as the author's edit of their own new message.
    if (content.kind === 'removed') {
      written?.add(`~${key}`)
      return null
    }
    if (content.kind !== 'value') return 'message fields are plain values'
    if (written?.has(key) || written?.has(`~${key}`)) {
      written?.add(key)
      // Only what an author may change later; hiding stays a moderator's write on an existing
      // message, judged with its text (checkHiddenText).
      if (!AUTHOR_FIELDS.includes(key)) return `a new message cannot set ${key}`
      return checkEdit(key, content.value, who)
    }
    written?.add(key)
    if (key === 'id') newIds.push(content.value)
    return checkNewField(key, content.value, who)
  }
  if (content.kind !== 'value') return 'message fields are plain values'
  const map = (container.item.content as Y.ContentType).type as Y.Map<FieldValue>
  if (frozen(map)) return ARCHIVING
  const message = readMessage(map)
  const hiddenText = checkHiddenText(key, content.value, message, container.item, who, moderation)
  if (hiddenText !== undefined) return hiddenText
  const may = mayWriteField(key, message.authorId, who)
  if (may) return may
  if (key === 'text' && message.deleted && content.value !== '') return 'a deleted message cannot be edited'
  return checkEdit(key, content.value, who)
}

function checkDelete(del: Deletion, who: GuardPrincipal, written: Set<string>, frozen: Frozen): Verdict {
  const { path } = del
  if (path.at === 'root') {
    if (path.root === THREAD_MESSAGES && path.key === null) return 'messages cannot be removed'
    if (path.root === THREAD_META && path.key !== null) {
      if (!who.moderator) return 'only a moderator may lock a thread'
      return written.has(slotOf(path)) ? null : 'thread settings cannot be removed'
    }
    return 'outside the thread shape'
  }
  const { container, key } = path
  if (!isMessageContainer(container) || !isField(key)) return 'outside the thread shape'
  const map = (container.item.content as Y.ContentType).type as Y.Map<FieldValue>
  if (frozen(map)) return ARCHIVING
  const message = readMessage(map)
  // The text a moderator cleared while hiding (judged with the insert that replaces it).
  if (key === 'text' && who.moderator && written.has(slotOf(path))) return null
  const may = mayWriteField(key, message.authorId, who)
  if (may) return may
  return written.has(slotOf(path)) ? null : 'message fields cannot be removed'
}

export const threadRules: KindRules = {
  check(doc, { inserts, deletes }, who, settings, claims) {
    if (readThreadMeta(doc).locked && !who.moderator) return 'thread is locked'
    const frozen = frozenIn(doc, settings)
    const fields = updateFields()
    const newIds: unknown[] = []
    const moderation = moderationIn(inserts)
    const reactedTo = new Set<string>()
    for (const ins of inserts) {
      if (isReactionPath(ins.path)) {
        const verdict = checkReactionInsert(ins, who, reactedTo)
        if (verdict) return verdict
        continue
      }
      const verdict = checkInsert(ins, who, fields.created, newIds, frozen, moderation)
      if (verdict) return verdict
      fields.written.add(slotOf(ins.path))
    }
    for (const del of deletes) {
      if (isReactionPath(del.path)) {
        const verdict = checkReactionDelete(del, who)
        if (verdict) return verdict
        continue
      }
      const verdict = checkDelete(del, who, fields.written, frozen)
      if (verdict) return verdict
    }
    const missing = missingField(fields.created, REQUIRED_ON_CREATE, 'message')
    if (missing) return missing
    // With claims, the caller answers "is it used already?" for the live document and the archive
    // together from memory (extensions/guard.ts, guard/usedIds.ts); reading every live message's id
    // for each post here was O(document) per update and stalled a busy channel (issue 21). Ids given
    // twice within this update are still refused here.
    const reused = reusedId(newIds, () => (claims ? [] : idsOfMaps(messagesOf(doc))))
    if (reused) return `message id: ${reused}`
    const reactions = checkReactedMessages(doc, reactedTo, newIds, frozen)
    if (reactions) return reactions
    claims?.newIds.push(...(newIds as string[]))
    return null
  },
}
