import { api } from '../api.ts'
import { mutation, succeeded } from '../ui/mutation.ts'
import { getDocument, getDocuments, getFolders, getTrash } from './data.ts'

/**
 * The documents' changes as router actions (ui/mutation.ts), each refetching the lists it
 * changes. Uploads stay with UploadZone: a batch of files with progress each, refreshed once.
 */

export type DocumentChange =
  | { kind: 'rename'; title: string }
  | { kind: 'move'; folderId: string }
  | { kind: 'delete' }
export const changeDocumentAction = mutation(
  'documents-change',
  succeeded((orgId: string, documentId: string, change: DocumentChange) => {
    const path = `/documents/${orgId}/documents/${documentId}`
    if (change.kind === 'rename') return api.patch(path, { title: change.title })
    if (change.kind === 'move') return api.patch(path, { folderId: change.folderId })
    return api.delete(path)
  }),
  () => [getDocument.key, getDocuments.key, getTrash.key],
)

export const deleteFolderAction = mutation(
  'documents-delete-folder',
  succeeded((orgId: string, folderId: string) => api.delete(`/documents/${orgId}/folders/${folderId}`)),
  () => [getFolders.key, getTrash.key],
)

export interface FolderInput {
  name: string
  parentId: string | null
  visibility: { roles: string[]; groups: string[]; buildingId: string | null }
}
/** A new folder (no `folderId`) or an edited one; either way its id. */
export const saveFolderAction = mutation(
  'documents-save-folder',
  async (orgId: string, folderId: string | undefined, input: FolderInput, moved: boolean) => {
    if (!folderId) return api.post<{ id: string }>(`/documents/${orgId}/folders`, input)
    await api.patch(`/documents/${orgId}/folders/${folderId}`, {
      name: input.name,
      ...(moved ? { parentId: input.parentId } : {}),
      visibility: input.visibility,
    })
    return { id: folderId }
  },
  () => [getFolders.key],
)

export const restoreAction = mutation(
  'documents-restore',
  succeeded((orgId: string, kind: 'folders' | 'documents', id: string) =>
    api.post(`/documents/${orgId}/${kind}/${id}/restore`),
  ),
  () => [getTrash.key, getFolders.key, getDocuments.key],
)
