import { INVOICE_KINDS } from '../../../schema/finance/kinds.ts'
import { INVOICE_STATUSES } from '../../../schema/finance/status.ts'
import type { ReportId } from '../../../schema/reports/common.ts'

/**
 * Each report's page: which filters it offers (the API validates them with the report's zod
 * schema). A new report adds its line here and its id to the catalogue; the view is shared.
 */
export type FilterField =
  | { key: 'year' }
  | { key: 'month' }
  | { key: 'kind'; options: readonly string[]; texts: 'kind' }
  | { key: 'status'; options: readonly string[]; texts: 'status' }
  /** Choices that come with the report (`options` of the result): what this reader covers. */
  | { key: DataFilterKey; fromData: true }
export type DataFilterKey = 'buildingId' | 'boardId' | 'label'

const year = { key: 'year' } as const
const building = { key: 'buildingId', fromData: true } as const
export const REPORT_FILTERS: Readonly<Record<ReportId, readonly FilterField[]>> = {
  buildings: [year, building],
  balance: [year, { key: 'month' }],
  billing: [
    year,
    { key: 'kind', options: INVOICE_KINDS, texts: 'kind' },
    { key: 'status', options: INVOICE_STATUSES, texts: 'status' },
  ],
  progress: [
    { key: 'boardId', fromData: true },
    { key: 'label', fromData: true },
  ],
  economics: [year],
  portfolio: [],
  performance: [year],
  risks: [],
  operations: [year],
  service: [year, building],
}

/** Reports of investor portfolios, shown from the portfolio page. */
export const INVESTOR_REPORTS: readonly ReportId[] = ['portfolio', 'performance', 'risks', 'operations']
