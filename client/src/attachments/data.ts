import { query, revalidate } from '@solidjs/router'
import type { AttachmentJson, AttachmentOwner } from '../../../schema/api/attachments.ts'
import type { ErrorBody } from '../../../schema/errors.ts'
import { ApiError, api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** /api/attachments as the client uses it: one owner's list, upload, remove, file URLs. */
export type { AttachmentJson, AttachmentOwner }
export interface AttachmentList {
  attachments: AttachmentJson[]
  abilities: { upload: boolean }
  /** An owner's own limits (a communication's files: how many, how large together), if any. */
  limits?: { maxFiles: number; maxTotalBytes: number | null } | null
}

export const ownerPath = (orgId: string, kind: AttachmentOwner, ownerId: string) =>
  `/attachments/${orgId}/of/${kind}/${ownerId}`

export const getAttachments = query(
  (orgId: string, kind: AttachmentOwner, ownerId: string) =>
    api.get<AttachmentList>(ownerPath(orgId, kind, ownerId)),
  'attachments.list',
)
export const refreshAttachments = () => revalidate(getAttachments.key)

export const downloadUrl = (orgId: string, id: string, inline = false) =>
  `/api/attachments/${orgId}/${id}/download${inline ? '?inline=1' : ''}`
export const thumbnailUrl = (orgId: string, id: string) => `/api/attachments/${orgId}/${id}/thumbnail`

/** Sends the file as the raw body (streamed to disk by the server, its type sniffed there). */
export async function uploadAttachment(
  orgId: string,
  kind: AttachmentOwner,
  ownerId: string,
  file: File,
): Promise<AttachmentJson> {
  let response: Response
  try {
    response = await fetch(
      `/api${ownerPath(orgId, kind, ownerId)}?name=${encodeURIComponent(file.name || 'file')}`,
      {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      },
    )
  } catch {
    throw new ApiError('network', 'The server could not be reached.', 0)
  }
  const body = (await response.json().catch(() => null)) as
    | { attachment: AttachmentJson }
    | Partial<ErrorBody>
    | null
  if (response.ok && body && 'attachment' in body) return body.attachment
  const error = (body as Partial<ErrorBody> | null)?.error
  throw new ApiError(error?.code ?? 'internal', error?.message ?? `HTTP ${response.status}`, response.status)
}

export function removeAttachment(orgId: string, id: string) {
  return api.delete<{ ok: true }>(`/attachments/${orgId}/${id}`)
}

/** 1.2 MB, 340 kB: short sizes for a list. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Removing one file, as a router action that refetches the lists (ui/mutation.ts). */
export const removeAttachmentAction = mutation(
  'attachments-remove',
  async (orgId: string, id: string) => {
    await removeAttachment(orgId, id)
    return true
  },
  () => [getAttachments.key],
)
