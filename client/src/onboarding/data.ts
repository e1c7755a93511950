import { query } from '@solidjs/router'
import type { ImportReport } from '../../../schema/api/financeImport.ts'
import { ApiError, api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation } from '../ui/mutation.ts'

export interface CooperativeRow {
  id: string
  name: string
  businessId: string | null
  status: string
}
export interface ChecklistItem {
  step: 'details' | 'buildings' | 'apartments' | 'board' | 'owners' | 'resources' | 'channels'
  done: boolean
  count: number
}
export interface InvitationReport {
  dryRun: boolean
  counts: { invited: number; skipped: number; refused: number }
  rows: {
    row: number
    email: string | null
    status: 'invited' | 'skipped' | 'refused'
    path?: string
    message?: string
  }[]
}

export const getCooperatives = query(
  (companyId: string) => api.get<{ cooperatives: CooperativeRow[] }>(`/onboarding/${companyId}/cooperatives`),
  'onboarding.cooperatives',
)
export const getChecklist = query(
  (coopId: string) => api.get<{ checklist: ChecklistItem[] }>(`/onboarding/cooperatives/${coopId}/checklist`),
  'onboarding.checklist',
)

/** A CSV file sent as it is (text/csv), answered with a JSON report or an error body. */
async function sendCsv<T>(path: string, file: File, dryRun: boolean): Promise<T> {
  const res = await fetch(`/api${path}${dryRun ? '?dryRun=1' : ''}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv' },
    body: file,
  })
  const body = await res.json().catch(() => null)
  // The same ApiError as every other call, so ui/errors.ts words it in the user's language.
  if (!res.ok)
    throw new ApiError(
      body?.error?.code ?? 'internal',
      body?.error?.message ?? `HTTP ${res.status}`,
      res.status,
      {},
      undefined,
      {
        ...body?.error?.details,
      },
    )
  return body as T
}

export const uploadApartments = (coopId: string, file: File, dryRun: boolean) =>
  sendCsv<ImportReport>(`/orgs/${coopId}/import/apartments`, file, dryRun)
export const uploadInvitations = (coopId: string, file: File, dryRun: boolean) =>
  sendCsv<InvitationReport>(`/orgs/${coopId}/invitations/bulk`, file, dryRun)

/** The changes, as router actions (ui/mutation.ts). */
export const createCooperativeAction = mutation(
  'onboarding-create-cooperative',
  (
    companyId: string,
    body: { name: string; businessId: string; address: string; fiscalYearStartMonth: number },
  ) => api.post<{ cooperative: { id: string } }>(`/onboarding/${companyId}/cooperatives`, body),
  // The new cooperative is one of the signed-in user's organisations from now on.
  () => [getMe.key, getCooperatives.key],
)
export const uploadApartmentsAction = mutation('onboarding-apartments', uploadApartments, () => [
  getChecklist.key,
])
export const uploadInvitationsAction = mutation('onboarding-invitations', uploadInvitations, () => [
  getChecklist.key,
])
