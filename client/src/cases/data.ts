import { query } from '@solidjs/router'
import type { CaseCategories, CaseCreateInput, CaseDetail, CaseList } from '../../../schema/api/cases.ts'
import { api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** /api/cases as the client uses it. */
export interface CaseFilters {
  status?: string
  category?: string
  building?: string
  assignee?: string
  mine?: boolean
  sort?: string
  order?: 'asc' | 'desc'
  page?: number
}

export function casesQueryString(orgId: string, f: CaseFilters): string {
  const q = new URLSearchParams({ org: orgId })
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || v === false) continue
    q.set(k, v === true ? '1' : String(v))
  }
  return q.toString()
}

export const getCases = query(
  (orgId: string, filters: CaseFilters) => api.get<CaseList>(`/cases?${casesQueryString(orgId, filters)}`),
  'cases.list',
)

export const getCase = query((id: string) => api.get<CaseDetail>(`/cases/${id}`), 'cases.detail')

export const getCategories = query(
  (orgId: string) => api.get<CaseCategories>(`/cases/categories?org=${encodeURIComponent(orgId)}`),
  'cases.categories',
)

/** With retired categories: they still name old cases (lists, settings). */
export const getAllCategories = query(
  (orgId: string) => api.get<CaseCategories>(`/cases/categories?org=${encodeURIComponent(orgId)}&all=1`),
  'cases.categories.all',
)

export function addCategory(orgId: string, name: string) {
  return api.post<CaseCategories>('/cases/categories', { org: orgId, name })
}

export function updateCategory(
  orgId: string,
  key: string,
  change: { name?: string | null; active?: boolean },
) {
  return api.patch<CaseCategories>(`/cases/categories/${encodeURIComponent(key)}`, { org: orgId, ...change })
}

export function reportCase(input: CaseCreateInput) {
  return api.post<CaseDetail>('/cases', input)
}

export function shareCase(id: string, sharedWithBuilding: boolean) {
  return api.patch<CaseDetail>(`/cases/${id}`, { sharedWithBuilding })
}

export function addParticipant(id: string, email: string) {
  return api.post<CaseDetail>(`/cases/${id}/participants`, { email })
}

export function markThreadRead(threadId: string) {
  return api.post<{ ok: true }>(`/threads/${threadId}/read`, {})
}

/** The changes, as router actions that revalidate what they change (ui/mutation.ts). */
const categories = () => [getAllCategories.key, getCategories.key]
export const addCategoryAction = mutation('cases-add-category', addCategory, categories)
export const updateCategoryAction = mutation('cases-update-category', updateCategory, categories)
export const reportCaseAction = mutation('cases-report', reportCase, () => [getCases.key])
export const shareCaseAction = mutation('cases-share', shareCase, (id) => [getCase.keyFor(id)])
export const addParticipantAction = mutation('cases-add-participant', addParticipant, (id) => [
  getCase.keyFor(id),
])
