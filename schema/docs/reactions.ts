import type * as Y from 'yjs'
import { isUuid } from './names.ts'

/**
 * Reactions on a thread's messages, in the thread document beside its messages:
 *
 *   reactions: Y.Map<key, number>   key = `${messageId}/${reaction}/${userId}`, value = when (epoch ms)
 *
 * Why this shape:
 * - One key per person, reaction and message: adding is a set, removing a delete, and a toggle
 *   from two devices at once converges on one entry, never a count that drifts.
 * - The person is in the key, so the write guard (collab-server/guard/reactionRules.ts) judges a
 *   change from its key alone: one may only set or delete keys that name oneself. Nobody can
 *   forge or remove another person's reaction, moderators included.
 * - A small fixed set (`REACTIONS`), stored by name: the guard refuses anything else, and each
 *   client shows the emoji it knows for a name.
 * - Outside the message maps: a reaction does not edit the message, so it stays out of the
 *   message's history and its author's fields. When a message is archived, its reactions leave
 *   the document with it (server/threads/archive.ts).
 */
export const THREAD_REACTIONS = 'reactions'

export const REACTIONS = ['thumbsup', 'heart', 'joy', 'wow', 'sad', 'thanks'] as const
export type Reaction = (typeof REACTIONS)[number]

export const REACTION_EMOJI: Readonly<Record<Reaction, string>> = {
  thumbsup: '👍',
  heart: '❤️',
  joy: '😄',
  wow: '😮',
  sad: '😢',
  thanks: '🙏',
}

export interface ReactionKey {
  messageId: string
  reaction: Reaction
  userId: string
}

export function isReaction(value: string): value is Reaction {
  return (REACTIONS as readonly string[]).includes(value)
}

export function reactionKey(k: ReactionKey): string {
  return `${k.messageId}/${k.reaction}/${k.userId}`
}

/** The parts of a key, or null when it is not one (wrong reaction, ids not UUIDs, extra parts). */
export function parseReactionKey(key: string): ReactionKey | null {
  const parts = key.split('/')
  if (parts.length !== 3) return null
  const [messageId, reaction, userId] = parts as [string, string, string]
  if (!isUuid(messageId) || !isUuid(userId) || !isReaction(reaction)) return null
  return { messageId, reaction, userId }
}

export function reactionsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(THREAD_REACTIONS)
}

/** Adds my reaction, or removes it when I already gave it. Returns whether it is now given. */
export function toggleReaction(doc: Y.Doc, k: ReactionKey, now = Date.now()): boolean {
  const map = reactionsOf(doc)
  const key = reactionKey(k)
  if (map.has(key)) {
    map.delete(key)
    return false
  }
  map.set(key, now)
  return true
}

/** One reaction on one message: who gave it, earliest first. */
export interface ReactionGroup {
  reaction: Reaction
  users: string[]
}

/**
 * Every message's reactions, in the fixed order of `REACTIONS`, each with its people in the order
 * they reacted. Malformed keys and values are skipped: a reader never throws.
 */
export function readReactions(map: Y.Map<unknown>): Map<string, ReactionGroup[]> {
  const given = new Map<string, Map<Reaction, Array<{ userId: string; at: number }>>>()
  for (const [key, value] of map.entries()) {
    const k = parseReactionKey(key)
    if (!k || typeof value !== 'number' || !Number.isFinite(value)) continue
    const byReaction = given.get(k.messageId) ?? new Map()
    given.set(k.messageId, byReaction)
    const list = byReaction.get(k.reaction) ?? []
    byReaction.set(k.reaction, list)
    list.push({ userId: k.userId, at: value })
  }
  const out = new Map<string, ReactionGroup[]>()
  for (const [messageId, byReaction] of given) {
    out.set(
      messageId,
      REACTIONS.filter((r) => byReaction.has(r)).map((reaction) => ({
        reaction,
        users: byReaction
          .get(reaction)!
          .sort((a, b) => a.at - b.at || a.userId.localeCompare(b.userId))
          .map((g) => g.userId),
      })),
    )
  }
  return out
}

/** Removes every reaction on these messages (the server, when it archives them). */
export function removeReactionsOf(doc: Y.Doc, messageIds: ReadonlySet<string>): void {
  const map = reactionsOf(doc)
  for (const key of [...map.keys()]) {
    const k = parseReactionKey(key)
    if (k && messageIds.has(k.messageId)) map.delete(key)
  }
}
