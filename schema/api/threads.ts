import { z } from 'zod'
import { Uuid } from './common.ts'

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
