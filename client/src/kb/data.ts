import { query } from '@solidjs/router'
import type {
  ArticleDetail,
  ArticleListResponse,
  ArticleVersionDetail,
  ArticleVersionSummary,
  KbCategory,
} from '../../../schema/api/kb.ts'
import { api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** The knowledge base's calls to /api/kb (see api/kb). */

export const getArticles = query(
  (orgId: string) => api.get<ArticleListResponse>(`/kb/${orgId}/articles`),
  'kb-articles',
)
export const getArticle = query(
  (orgId: string, articleId: string) => api.get<ArticleDetail>(`/kb/${orgId}/articles/${articleId}`),
  'kb-article',
)
export const getVersions = query(
  (orgId: string, articleId: string) =>
    api.get<{ versions: ArticleVersionSummary[] }>(`/kb/${orgId}/articles/${articleId}/versions`),
  'kb-versions',
)

export interface ArticleInput {
  title: string
  body: string
  categoryId: string | null
  language: 'fi' | 'sv' | 'en'
  shared: boolean
}

export const createArticle = (orgId: string, input: ArticleInput) =>
  api.post<{ id: string; version: number }>(`/kb/${orgId}/articles`, input)
export const saveArticle = (orgId: string, id: string, input: ArticleInput, baseVersion: number) =>
  api.put<{ id: string; version: number }>(`/kb/${orgId}/articles/${id}`, { ...input, baseVersion })
export const setPublished = (orgId: string, id: string, publish: boolean) =>
  api.post<{ status: string }>(`/kb/${orgId}/articles/${id}/${publish ? 'publish' : 'unpublish'}`)
export const deleteArticle = (orgId: string, id: string) => api.delete<null>(`/kb/${orgId}/articles/${id}`)
export const renderPreview = (orgId: string, body: string) =>
  api.post<{ html: string }>(`/kb/${orgId}/render`, { body })
export const getVersion = (orgId: string, id: string, version: number) =>
  api.get<ArticleVersionDetail>(`/kb/${orgId}/articles/${id}/versions/${version}`)
export const restoreVersion = (orgId: string, id: string, version: number) =>
  api.post<{ version: number }>(`/kb/${orgId}/articles/${id}/versions/${version}/restore`)
export const addCategory = (orgId: string, name: string) =>
  api.post<KbCategory>(`/kb/${orgId}/categories`, { name })
export const renameCategory = (orgId: string, categoryId: string, name: string) =>
  api.patch<KbCategory>(`/kb/${orgId}/categories/${categoryId}`, { name })
export const removeCategory = (orgId: string, categoryId: string) =>
  api.delete<null>(`/kb/${orgId}/categories/${categoryId}`)

/** The changes, as router actions that revalidate what they change (ui/mutation.ts). */
const lists = () => [getArticles.key, getArticle.key, getVersions.key]
export const saveArticleAction = mutation(
  'kb-save-article',
  (orgId: string, id: string | undefined, input: ArticleInput, baseVersion: number) =>
    id ? saveArticle(orgId, id, input, baseVersion) : createArticle(orgId, input),
  lists,
)
export const publishAction = mutation('kb-publish', setPublished, lists)
export const deleteArticleAction = mutation(
  'kb-delete-article',
  async (orgId: string, id: string) => {
    await deleteArticle(orgId, id)
    return true
  },
  () => [getArticles.key],
)
export const restoreVersionAction = mutation('kb-restore-version', restoreVersion, lists)
export const addCategoryAction = mutation('kb-add-category', addCategory, () => [getArticles.key])
export const renameCategoryAction = mutation('kb-rename-category', renameCategory, () => [getArticles.key])
export const removeCategoryAction = mutation(
  'kb-remove-category',
  async (orgId: string, categoryId: string) => {
    await removeCategory(orgId, categoryId)
    return true
  },
  () => [getArticles.key],
)
