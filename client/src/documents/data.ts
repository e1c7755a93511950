import { query } from '@solidjs/router'
import type { ErrorBody } from '../../../schema/errors.ts'
import type { FolderAction } from '../../../schema/policy.ts'
import type { Role, RoleGroup } from '../../../schema/roles.ts'
import { ApiError, api } from '../api.ts'

/** /api/documents as the client reads it (api/documents/*Routes.ts). */
export interface Folder {
  id: string
  parentId: string | null
  name: string
  visibility: { roles: Role[]; groups: RoleGroup[]; buildingId: string | null }
  /** The effective audience: 'members' or the roles that may read it. */
  audience: 'members' | Role[]
  deleted: boolean
  abilities: FolderAction[]
}

export interface FolderList {
  folders: Folder[]
  /** At the root: may the caller create top-level folders, open the trash? */
  abilities: FolderAction[]
}

export interface DocumentRow {
  id: string
  title: string
  language: string
  version: number
  updatedAt: string
  fileName: string
  mime: string
  size: number
}

export interface Version {
  version: number
  createdAt: string
  createdBy: string | null
  createdByName: string | null
  fileName: string
  mime: string
  size: number
  extractError: string | null
}

export interface DocumentDetail {
  document: {
    id: string
    folderId: string
    title: string
    language: string
    currentVersion: number
    createdAt: string
    updatedAt: string
    deleted: boolean
  }
  versions: Version[]
  abilities: FolderAction[]
}

export interface ExtractedText {
  version: number
  extractable: boolean
  status: 'pending' | 'ready' | 'failed'
  text: string
  error: string | null
}

export interface Trash {
  folders: Array<{
    id: string
    name: string
    parentId: string | null
    deletedAt: string
    deletedByName: string | null
  }>
  documents: Array<{
    id: string
    title: string
    folderId: string
    folderName: string
    deletedAt: string
    deletedByName: string | null
  }>
}

export const getFolders = query(
  (orgId: string) => api.get<FolderList>(`/documents/${orgId}/folders`),
  'doc-folders',
)
export const getDocuments = query(
  (orgId: string, folderId: string) =>
    api.get<{ documents: DocumentRow[]; abilities: FolderAction[] }>(
      `/documents/${orgId}/folders/${folderId}/documents`,
    ),
  'doc-list',
)
export const getDocument = query(
  (orgId: string, documentId: string) =>
    api.get<DocumentDetail>(`/documents/${orgId}/documents/${documentId}`),
  'doc-detail',
)
export const getText = query(
  (orgId: string, documentId: string) =>
    api.get<ExtractedText>(`/documents/${orgId}/documents/${documentId}/text`),
  'doc-text',
)
export const getTrash = query((orgId: string) => api.get<Trash>(`/documents/${orgId}/trash`), 'doc-trash')

export const versionUrl = (orgId: string, documentId: string, version: number, inline = false) =>
  `/api/documents/${orgId}/documents/${documentId}/versions/${version}/download${inline ? '?inline=1' : ''}`

/**
 * Sends a file as the raw request body with XMLHttpRequest (fetch cannot report upload
 * progress). The session cookie and the browser's Origin header go along as with fetch.
 */
export function uploadFile(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ id: string; version: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api${path}`)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError('network', 'The server could not be reached.', 0))
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as { id: string; version: number })
        return
      }
      const error = (body as Partial<ErrorBody> | null)?.error
      reject(new ApiError(error?.code ?? 'internal', error?.message ?? `HTTP ${xhr.status}`, xhr.status))
    }
    xhr.send(file)
  })
}
