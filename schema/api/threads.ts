import { z } from 'zod'
import { MAX_HIDDEN_REASON_LENGTH, type ThreadMessage } from '../docs/thread.ts'
import { IdParam, Uuid } from './common.ts'

/** `/api/threads/:id/messages/:messageId/history`: a message is named by its UUID in the document. */
export const MessageHistoryParams = z.strictObject({ id: Uuid, messageId: Uuid })

/** One text a message has had: the original, an edit, or its deletion (text ''). */
export interface MessageVersion {
  version: string
  text: string
  deleted: boolean
  editedBy: { id: string; name: string } | null
  /** ISO time the server accepted it. */
  at: string
}

export interface MessageHistory {
  messageId: string
  versions: MessageVersion[]
}

/**
 * `/api/threads/:id/archive`: messages that left the live document, newest page first. `before`
 * is the oldest message the reader has (live or archived); without it, or when the server does
 * not know it yet, the newest archived messages come.
 */
export const ArchiveParams = IdParam
export const ArchiveQuery = z.strictObject({
  before: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
})

/** A moderator hides an archived message (live ones are hidden in the document). */
export const ArchivedHideBody = z.strictObject({
  reason: z.string().trim().min(3).max(MAX_HIDDEN_REASON_LENGTH),
})

export interface ThreadArchivePage {
  /** Oldest first, like the document. Hidden and deleted messages carry no text. */
  messages: ThreadMessage[]
  /** Whether older messages exist. */
  more: boolean
}
