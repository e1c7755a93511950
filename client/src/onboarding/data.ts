import { query } from '@solidjs/router'
import type { ImportReport } from '../../../schema/api/financeImport.ts'
import { api } from '../api.ts'

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
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`)
  return body as T
}

export const uploadApartments = (coopId: string, file: File, dryRun: boolean) =>
  sendCsv<ImportReport>(`/orgs/${coopId}/import/apartments`, file, dryRun)
export const uploadInvitations = (coopId: string, file: File, dryRun: boolean) =>
  sendCsv<InvitationReport>(`/orgs/${coopId}/invitations/bulk`, file, dryRun)
