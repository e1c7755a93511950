import { query } from '@solidjs/router'
import type { HoldingsResponse } from '../../../schema/api/holdings.ts'
import type { ReportId, ReportResult } from '../../../schema/reports/common.ts'
import { api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** The report pages' calls to /api/reports and /api/portfolios (see api/reports). */
export const getCatalogue = query(
  (orgId: string) => api.get<{ reports: ReportId[] }>(`/reports/${orgId}`),
  'reports-catalogue',
)
export const getReport = query(
  (orgId: string, report: ReportId, search: string) =>
    api.get<ReportResult>(`/reports/${orgId}/${report}${search ? `?${search}` : ''}`),
  'reports-report',
)
export const getHoldings = query(
  (orgId: string) => api.get<HoldingsResponse>(`/portfolios/${orgId}/holdings`),
  'reports-holdings',
)

export const exportUrl = (
  orgId: string,
  report: ReportId,
  search: string,
  format: 'csv' | 'pdf',
  lang: string,
) => `/api/reports/${orgId}/${report}/export?format=${format}&lang=${lang}${search ? `&${search}` : ''}`

/**
 * Downloads an export while counting the bytes as they stream in (the server writes a large CSV
 * as it reads it, so there is no length up front), then hands the file to the browser.
 */
export async function download(url: string, filename: string, onBytes: (n: number) => void): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`)
  }
  const reader = res.body.getReader()
  const parts: Uint8Array[] = []
  let n = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parts.push(value)
    n += value.length
    onBytes(n)
  }
  const blob = new Blob(parts as BlobPart[], {
    type: res.headers.get('content-type') ?? 'application/octet-stream',
  })
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** A portfolio's holdings changed by its managers: an apartment removed or added, a month's rent. */
export type HoldingsChange =
  | { kind: 'remove'; apartmentId: string }
  | { kind: 'add'; body: Record<string, unknown> }
  | { kind: 'rent'; body: Record<string, unknown> }
export const changeHoldingsAction = mutation(
  'holdings-change',
  async (orgId: string, change: HoldingsChange) => {
    const base = `/portfolios/${orgId}`
    if (change.kind === 'remove') await api.delete(`${base}/holdings/${change.apartmentId}`)
    else if (change.kind === 'add') await api.post(`${base}/holdings`, change.body)
    else await api.put(`${base}/rents`, change.body)
    return true
  },
  () => [getHoldings.key],
)
