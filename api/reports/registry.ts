import type { ReportId } from '../../schema/reports/common.ts'
import { balanceReport } from './balance.ts'
import { billingReport } from './billing.ts'
import { buildingsReport } from './buildings.ts'
import { economicsReport } from './economics.ts'
import type { ReportModule } from './module.ts'
import { operationsReport } from './operations.ts'
import { performanceReport } from './performance.ts'
import { portfolioReport } from './portfolio.ts'
import { progressReport } from './progress.ts'
import { risksReport } from './risks.ts'
import { serviceReport } from './service.ts'

/**
 * Every report the API answers, by id (docs/REPORTS.md, "Adding a report").
 */
// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type.
export const REPORTS: Partial<Record<ReportId, ReportModule<any>>> = {
  buildings: buildingsReport,
  balance: balanceReport,
  billing: billingReport,
  progress: progressReport,
  economics: economicsReport,
  portfolio: portfolioReport,
  performance: performanceReport,
  risks: risksReport,
  operations: operationsReport,
  service: serviceReport,
}
