import type { MessageKey } from '../i18n/index.ts'
import type { Refusal } from './docs.ts'

/**
 * The guard's rules (collab-server/guard/threadRules.ts) are English sentences for logs; the
 * user gets the translated reason for the ones a normal person can run into, a generic one else.
 */
const RULES: ReadonlyArray<[RegExp, MessageKey]> = [
  [/locked/, 'sync.reason.locked'],
  [/only the author/, 'sync.reason.notAuthor'],
  [/only a moderator/, 'sync.reason.notModerator'],
  [/deleted message/, 'sync.reason.deleted'],
]

export function refusalReasonKey(refusal: Refusal): MessageKey {
  // What to do, not just what happened: the change was not saved, and the document takes no more.
  if (refusal.code === 'document_too_large') return 'sync.reason.documentFull'
  return RULES.find(([pattern]) => pattern.test(refusal.rule))?.[1] ?? 'sync.reason.other'
}
