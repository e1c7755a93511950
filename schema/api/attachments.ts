import { z } from 'zod'
import { Uuid } from './common.ts'

/**
 * What an attachment hangs on: a case, a thread (message attachments), a board card, a mass
 * communication (uploaded under the composer's draft id, which the send takes) or an event.
 */
export const ATTACHMENT_OWNERS = ['case', 'message', 'task', 'communication', 'event'] as const
export type AttachmentOwner = (typeof ATTACHMENT_OWNERS)[number]

/** `ownerId`: the case id, the thread id (for a message), the card, communication or event id. */
export const AttachmentOwnerParams = z.strictObject({
  orgId: Uuid,
  kind: z.enum(ATTACHMENT_OWNERS),
  ownerId: Uuid,
})
export const AttachmentParams = z.strictObject({ orgId: Uuid, attachmentId: Uuid })

/** The file is the raw request body; its name comes in the query (never trusted for its type). */
export const AttachmentUploadQuery = z.strictObject({ name: z.string().trim().min(1).max(255) })
export const AttachmentDownloadQuery = z.strictObject({ inline: z.enum(['0', '1']).default('0') })

/** One attachment as the API returns it. */
export interface AttachmentJson {
  id: string
  ownerKind: AttachmentOwner
  ownerId: string
  name: string
  mime: string
  size: number
  hasThumbnail: boolean
  uploadedBy: string | null
  uploadedByName: string | null
  createdAt: string
  /** The caller may delete it (their own, or a handler of its owner). */
  canDelete: boolean
}
