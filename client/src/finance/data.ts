import { query } from '@solidjs/router'
import type {
  ApartmentFinance,
  ApiKeyItem,
  BudgetResponse,
  FinanceAbilities,
  MyFinancesResponse,
  OverdueResponse,
  PaymentItem,
  SupplierInvoiceItem,
  SupplierRecipient,
} from '../../../schema/api/finance.ts'
import type { ImportKind, ImportReport } from '../../../schema/api/financeImport.ts'
import type { ErrorCode } from '../../../schema/errors.ts'
import type { ApiKeyScope, CostCategory } from '../../../schema/finance/kinds.ts'
import { ApiError, api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** The finance pages' calls to /api/finance (see api/finance). */

export const getMine = query(
  (orgId: string) => api.get<MyFinancesResponse>(`/finance/${orgId}/mine`),
  'finance-mine',
)
export const getAbilities = query(
  (orgId: string) => api.get<FinanceAbilities>(`/finance/${orgId}/abilities`),
  'finance-abilities',
)
export const getOverdue = query(
  (orgId: string) => api.get<OverdueResponse>(`/finance/${orgId}/overdue`),
  'finance-overdue',
)
export const getBudget = query(
  (orgId: string, year: number | undefined) =>
    api.get<BudgetResponse>(`/finance/${orgId}/budget${year ? `?year=${year}` : ''}`),
  'finance-budget',
)
export const getSupplierInvoices = query(
  (orgId: string) => api.get<{ invoices: SupplierInvoiceItem[] }>(`/finance/${orgId}/supplier-invoices`),
  'finance-suppliers',
)
export const getUnmatched = query(
  (orgId: string) => api.get<{ payments: PaymentItem[] }>(`/finance/${orgId}/payments/unmatched`),
  'finance-unmatched',
)
export const getApiKeys = query(
  (orgId: string) => api.get<{ keys: ApiKeyItem[] }>(`/finance/${orgId}/api-keys`),
  'finance-keys',
)

export const getApartment = query(
  (orgId: string, apartmentId: string) =>
    api.get<ApartmentFinance>(`/finance/${orgId}/apartments/${apartmentId}`),
  'finance-apartment',
)
export const createApiKey = (orgId: string, name: string, scopes: ApiKeyScope[]) =>
  api.post<{ id: string; name: string; scopes: ApiKeyScope[]; token: string }>(`/finance/${orgId}/api-keys`, {
    name,
    scopes,
  })
export const revokeApiKey = (orgId: string, keyId: string) =>
  api.delete<{ ok: true }>(`/finance/${orgId}/api-keys/${encodeURIComponent(keyId)}`)

/** A contractor's company (`companyId`): where it may send invoices, and sending one. */
export const getRecipients = query(
  (companyId: string) =>
    api.get<{ cooperatives: SupplierRecipient[] }>(`/finance/${companyId}/supplier-invoices/recipients`),
  'finance-recipients',
)
export interface SupplierInvoiceDraft {
  cooperativeId: string
  invoiceNumber: string
  description: string
  category: CostCategory
  amountCents: number
  vatCents: number
  issuedOn: string
  dueDate: string
}
export const sendSupplierInvoice = (companyId: string, draft: SupplierInvoiceDraft) =>
  api.post<{ id: string; status: 'pending' }>(`/finance/${companyId}/supplier-invoices`, draft)

export const decide = (orgId: string, id: string, decision: 'approve' | 'reject', note: string) =>
  api.post<{ status: string }>(`/finance/${orgId}/supplier-invoices/${id}/decision`, { decision, note })

export const pdfUrl = (orgId: string, invoiceId: string, lang: string) =>
  `/api/finance/${orgId}/invoices/${invoiceId}/pdf?lang=${lang}`

/**
 * Uploads a CSV with progress (fetch reports no upload progress; XMLHttpRequest does). The
 * session cookie and the browser's Origin header go with it, as with every other call.
 */
export function uploadImport(
  orgId: string,
  kind: ImportKind,
  file: File,
  dryRun: boolean,
  onProgress: (fraction: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/finance/${orgId}/import/${kind}${dryRun ? '?dryRun=1' : ''}`)
    xhr.setRequestHeader('content-type', 'text/csv')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ImportReport)
      // The same ApiError as every other call, so ui/errors.ts words it in the user's language.
      const error = (
        body as { error?: { code?: ErrorCode; message?: string; details?: Record<string, unknown> } } | null
      )?.error
      reject(
        new ApiError(
          error?.code ?? 'internal',
          error?.message ?? `HTTP ${xhr.status}`,
          xhr.status,
          {},
          undefined,
          {
            ...error?.details,
          },
        ),
      )
    }
    xhr.onerror = () => reject(new ApiError('network', 'The server could not be reached.', 0))
    xhr.send(file)
  })
}

/** The changes, as router actions that revalidate the lists they change (ui/mutation.ts). */
export const createApiKeyAction = mutation('finance-create-key', createApiKey, () => [getApiKeys.key])
export const revokeApiKeyAction = mutation('finance-revoke-key', revokeApiKey, () => [getApiKeys.key])
export const sendSupplierInvoiceAction = mutation(
  'finance-send-supplier-invoice',
  sendSupplierInvoice,
  () => [getSupplierInvoices.key],
)
export const decideAction = mutation('finance-decide-supplier-invoice', decide, () => [
  getSupplierInvoices.key,
])
/** A dry run changes nothing, so nothing is revalidated after it. */
export const importAction = mutation('finance-import', uploadImport, (_org, _kind, _file, dryRun) =>
  dryRun ? [] : [getOverdue.key, getBudget.key, getSupplierInvoices.key, getUnmatched.key],
)
