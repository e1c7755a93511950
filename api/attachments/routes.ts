import { stat } from 'node:fs/promises'
import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  AttachmentDownloadQuery,
  type AttachmentJson,
  AttachmentOwnerParams,
  AttachmentParams,
  AttachmentUploadQuery,
} from '../../schema/api/attachments.ts'
import { AppError, forbidden, notFound } from '../../schema/errors.ts'
import { blobPath, storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { fileResponse } from '../files/download.ts'
import { makeThumbnail } from '../files/thumbnail.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { type OwnerAccess, ownerAccess } from './access.ts'
import { isWithheld, withheldAttachments } from './hiddenMessages.ts'
import { ownerLimits, uploadBudget } from './ownerLimits.ts'
import {
  type AttachmentRow,
  findAttachment,
  insertAttachment,
  listAttachments,
  softDeleteAttachment,
} from './repository.ts'

/**
 * /api/attachments: files on cases, chat messages (by thread), board cards, mass communications
 * and events, through the one files service (api/files: streamed, sniffed, content-addressed),
 * within the owner's limits (ownerLimits.ts). Every handler asks the owner's
 * policy (access.ts): who may not read the owner gets 404 whatever the reason, who may read it
 * but not attach gets 403.
 */
export const attachmentRoutes = new Hono<AppEnv>()
attachmentRoutes.use(requireAuth)

// biome-ignore lint/suspicious/noExplicitAny: any route's context (input types differ per route)
type Ctx = Context<AppEnv, string, any>

/** The upload route takes the file as the raw body; the app's small-body limit must not apply. */
export const isAttachmentUpload = (method: string, path: string) =>
  method === 'POST' &&
  /^\/api\/attachments\/[^/]+\/of\/(case|message|task|communication|event)\/[^/]+$/.test(path)

function toJson(row: AttachmentRow, userId: string, access: OwnerAccess): AttachmentJson {
  return {
    id: row.id,
    ownerKind: row.owner_kind,
    ownerId: row.owner_id,
    name: row.name,
    mime: row.mime,
    size: Number(row.size),
    hasThumbnail: row.thumb_sha256 !== null,
    uploadedBy: row.uploaded_by,
    uploadedByName: row.uploader_name,
    createdAt: new Date(row.created_at).toISOString(),
    canDelete: access.manage || (access.upload && row.uploaded_by === userId),
  }
}

/** The attachment and its owner's access for the caller, or 404 (existence does not leak). */
async function readable(c: Ctx, orgId: string, attachmentId: string) {
  const { db } = c.get('deps')
  const row = await findAttachment(db, orgId, attachmentId)
  const access =
    row &&
    (await ownerAccess(db, c.get('principal'), {
      orgId,
      kind: row.owner_kind,
      id: row.owner_id,
      boardId: row.board_id,
    }))
  if (!row || !access?.read) throw notFound('That attachment')
  // A hidden or deleted message's own files go with it, except for moderators.
  if (row.owner_kind === 'message' && !access.manage && (await isWithheld(db, row.owner_id, row.id)))
    throw notFound('That attachment')
  return { row, access }
}

attachmentRoutes.post(
  '/:orgId/of/:kind/:ownerId',
  describeRoute({
    summary:
      'Attach a file to a case, a thread (for a message) or a card: the body is the file, streamed; its type is sniffed from the bytes',
    tags: ['attachments'],
  }),
  valid('param', AttachmentOwnerParams),
  valid('query', AttachmentUploadQuery),
  async (c) => {
    const { orgId, kind, ownerId } = c.req.valid('param')
    const { name } = c.req.valid('query')
    const { db, config } = c.get('deps')
    const principal = c.get('principal')
    const access = await ownerAccess(db, principal, { orgId, kind, id: ownerId })
    if (!access?.read) throw notFound('That')
    if (!access.upload)
      throw forbidden(
        kind === 'communication'
          ? 'The message has been sent: its files can no longer change.'
          : 'Your role does not allow attaching files here.',
      )
    const budget = await uploadBudget(db, config, { orgId, kind, id: ownerId })
    await takeUploadSlot(db, principal.userId, config.uploadRate)
    const blob = await storeUpload(config.filesDir, c.req.raw.body, budget.maxBytes).catch((error) => {
      throw error instanceof AppError && error.code === 'payload_too_large' ? budget.tooLarge() : error
    })
    const thumbSha256 = await makeThumbnail(config.filesDir, blob.sha256, blob.mime)
    const actorId = principal.userId
    const id = await db.transaction().execute(async (trx) => {
      const attachmentId = await insertAttachment(trx, {
        orgId,
        kind,
        ownerId,
        boardId: access.boardId,
        name,
        blob,
        thumbSha256,
        uploadedBy: actorId,
      })
      await audit(trx, {
        orgId,
        actorId,
        action: 'attachment.uploaded',
        targetType: 'attachment',
        targetId: attachmentId,
        details: { kind, ownerId, name, size: blob.size, mime: blob.mime, sha256: blob.sha256 },
      })
      return attachmentId
    })
    const row = await findAttachment(db, orgId, id)
    if (!row) throw new AppError('internal', 'The attachment vanished.')
    return c.json({ attachment: toJson(row, actorId, access) }, 201)
  },
)

attachmentRoutes.get(
  '/:orgId/of/:kind/:ownerId',
  describeRoute({ summary: 'The attachments of a case, a thread or a card', tags: ['attachments'] }),
  valid('param', AttachmentOwnerParams),
  async (c) => {
    const { orgId, kind, ownerId } = c.req.valid('param')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const access = await ownerAccess(db, principal, { orgId, kind, id: ownerId })
    if (!access?.read) throw notFound('That')
    const rows = await listAttachments(db, { orgId, kind, id: ownerId, boardId: access.boardId })
    const withheld = kind === 'message' && !access.manage ? await withheldAttachments(db, ownerId) : null
    return c.json({
      attachments: rows.filter((r) => !withheld?.has(r.id)).map((r) => toJson(r, principal.userId, access)),
      abilities: { upload: access.upload },
      limits: ownerLimits(c.get('deps').config, kind),
    })
  },
)

attachmentRoutes.get(
  '/:orgId/:attachmentId/download',
  describeRoute({
    summary:
      'Download an attachment (Content-Disposition: attachment; ?inline=1 previews raster images and PDF, never SVG)',
    tags: ['attachments'],
  }),
  valid('param', AttachmentParams),
  valid('query', AttachmentDownloadQuery),
  async (c) => {
    const { orgId, attachmentId } = c.req.valid('param')
    const { row } = await readable(c, orgId, attachmentId)
    return fileResponse(c, row, c.req.valid('query').inline === '1')
  },
)

attachmentRoutes.get(
  '/:orgId/:attachmentId/thumbnail',
  describeRoute({ summary: 'The thumbnail of an image attachment (WebP, inline)', tags: ['attachments'] }),
  valid('param', AttachmentParams),
  async (c) => {
    const { orgId, attachmentId } = c.req.valid('param')
    const { row } = await readable(c, orgId, attachmentId)
    if (!row.thumb_sha256) throw notFound('That thumbnail')
    const { size } = await stat(blobPath(c.get('deps').config.filesDir, row.thumb_sha256))
    return fileResponse(
      c,
      { sha256: row.thumb_sha256, size, mime: 'image/webp', name: `${row.name}.thumbnail.webp` },
      true,
    )
  },
)

attachmentRoutes.delete(
  '/:orgId/:attachmentId',
  describeRoute({
    summary: 'Remove an attachment (own, or any for handlers of its owner); the file stays for audit',
    tags: ['attachments'],
  }),
  valid('param', AttachmentParams),
  async (c) => {
    const { orgId, attachmentId } = c.req.valid('param')
    const { row, access } = await readable(c, orgId, attachmentId)
    const actorId = c.get('principal').userId
    if (!toJson(row, actorId, access).canDelete) throw forbidden('You may remove only your own attachments.')
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        await softDeleteAttachment(trx, orgId, attachmentId, actorId)
        await audit(trx, {
          orgId,
          actorId,
          action: 'attachment.deleted',
          targetType: 'attachment',
          targetId: attachmentId,
          details: { kind: row.owner_kind, ownerId: row.owner_id, name: row.name },
        })
      })
    return c.json({ ok: true })
  },
)
