import * as Y from 'yjs'
import { parseReactionKey, THREAD_REACTIONS } from '../../schema/docs/reactions.ts'
import { type FieldValue, messagesOf, readMessage } from '../../schema/docs/thread.ts'
import { contentOf, type Verdict } from './fields.ts'
import type { Deletion, Insertion, Path } from './inspect.ts'
import type { GuardPrincipal } from './rules.ts'

/**
 * The reactions map of a thread document (shape in schema/docs/reactions.ts). The key names the
 * message, the reaction and the person, so every change is judged from its key:
 * - one sets only keys that name oneself, to a time (a finite number), and deletes only those;
 *   moderators too — nobody forges or removes another person's reaction;
 * - the reaction is one of the fixed set, the ids are UUIDs, nothing else is stored there;
 * - one reacts only to a live message that is not deleted, hidden or on its way to the archive
 *   (or to one's own message created in the same update); removing one's reaction is always
 *   allowed.
 * Whether a change is the person's own is all that matters, so a set and its removal merged into
 * one update (an offline toggle) pass as each alone.
 */
export const isReactionPath = (path: Path): boolean => path.at === 'root' && path.root === THREAD_REACTIONS

function ownKey(path: Path, who: GuardPrincipal): { messageId: string } | string {
  if (path.at !== 'root' || path.key === null) return 'reactions hold keyed entries only'
  const key = parseReactionKey(path.key)
  if (!key) return 'not a reaction'
  if (key.userId !== who.userId) return 'a reaction can only be one’s own'
  return { messageId: key.messageId }
}

/** One value written to the map; the message it reacts to is added to `reactedTo`. */
export function checkReactionInsert(ins: Insertion, who: GuardPrincipal, reactedTo: Set<string>): Verdict {
  const own = ownKey(ins.path, who)
  if (typeof own === 'string') return own
  const content = contentOf(ins.item)
  // Given and taken back within one update: arrives already removed.
  if (content.kind === 'removed') return null
  if (content.kind !== 'value' || typeof content.value !== 'number' || !Number.isFinite(content.value))
    return 'a reaction holds the time it was given'
  reactedTo.add(own.messageId)
  return null
}

/** One entry removed from the map: only one's own. */
export function checkReactionDelete(del: Deletion, who: GuardPrincipal): Verdict {
  const own = ownKey(del.path, who)
  return typeof own === 'string' ? own : null
}

/**
 * Every message reacted to is live and open to reactions. `frozen` says whether a message map is
 * on its way to the archive; `newIds` are the messages this update creates.
 */
export function checkReactedMessages(
  doc: Y.Doc,
  reactedTo: ReadonlySet<string>,
  newIds: readonly unknown[],
  frozen: (map: Y.Map<FieldValue>) => boolean,
): Verdict {
  if (reactedTo.size === 0) return null
  const live = new Map<string, Y.Map<FieldValue>>()
  for (const item of messagesOf(doc)) {
    if (!(item instanceof Y.Map)) continue
    const id = item.get('id')
    if (typeof id === 'string' && reactedTo.has(id)) live.set(id, item)
  }
  for (const id of reactedTo) {
    const map = live.get(id)
    if (!map) {
      if (newIds.includes(id)) continue
      return 'a reaction needs a message in the document'
    }
    if (frozen(map)) return 'an archived message cannot change'
    const message = readMessage(map)
    if (message.deleted || message.hidden) return 'a deleted or hidden message takes no reactions'
  }
  return null
}
