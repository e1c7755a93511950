import type { AttachmentOwner } from '../../schema/api/attachments.ts'
import type { Config } from '../../schema/config.ts'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Limits of an owner's files beyond the one upload limit (MAX_UPLOAD_MB). A mass communication
 * goes to every recipient and is printed into every letter, so its files are few and small
 * together (COMMUNICATION_ATTACHMENTS_MB); an event carries its notice, minutes and a few more.
 */
export const COMMUNICATION_ATTACHMENTS_MAX = 5
export const EVENT_ATTACHMENTS_MAX = 20

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`

/** What the list tells the client, so it can refuse a file before sending it (in its language). */
export function ownerLimits(
  config: Config,
  kind: AttachmentOwner,
): { maxFiles: number; maxTotalBytes: number | null } | null {
  if (kind === 'communication')
    return { maxFiles: COMMUNICATION_ATTACHMENTS_MAX, maxTotalBytes: config.communicationAttachmentBytes }
  if (kind === 'event') return { maxFiles: EVENT_ATTACHMENTS_MAX, maxTotalBytes: null }
  return null
}

export interface UploadBudget {
  /** The most this upload may be, in bytes. */
  maxBytes: number
  /** The error when it is larger (the message says which limit and what is used). */
  tooLarge: () => AppError
}

/** How large the next file of this owner may be; refuses at once when it may have none. */
export async function uploadBudget(
  db: DB,
  config: Config,
  owner: { orgId: string; kind: AttachmentOwner; id: string },
): Promise<UploadBudget> {
  const general: UploadBudget = {
    maxBytes: config.maxUploadBytes,
    tooLarge: () => new AppError('payload_too_large', `Files may be at most ${mb(config.maxUploadBytes)}.`),
  }
  if (owner.kind !== 'communication' && owner.kind !== 'event') return general
  const used = await db
    .selectFrom('attachments as a')
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'a.file_id').onRef('f.org_id', '=', 'a.org_id'))
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.sum<string | null>('f.size').as('bytes')])
    .where('a.org_id', '=', owner.orgId)
    .where('a.owner_kind', '=', owner.kind)
    .where('a.owner_id', '=', owner.id)
    .where('a.deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  const count = Number(used.count)
  const max = owner.kind === 'communication' ? COMMUNICATION_ATTACHMENTS_MAX : EVENT_ATTACHMENTS_MAX
  if (count >= max) {
    throw new AppError(
      'validation_failed',
      `At most ${max} files may be attached here. Remove one to add another.`,
      { details: { limit: max } },
    )
  }
  if (owner.kind === 'event') return general
  const total = config.communicationAttachmentBytes
  const left = total - Number(used.bytes ?? 0)
  const tooLarge = () =>
    new AppError(
      'payload_too_large',
      `The attachments of one message may be at most ${mb(total)} together, each at most ` +
        `${mb(config.maxUploadBytes)}; ${mb(total - left)} are attached already. Attach a smaller file.`,
      { details: { limitBytes: total, usedBytes: total - left } },
    )
  if (left <= 0) throw tooLarge()
  return { maxBytes: Math.min(config.maxUploadBytes, left), tooLarge }
}
