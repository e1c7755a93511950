import type { z } from 'zod'
import type { ReportResult, Row } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import type { ReportAccess } from './access.ts'

/**
 * One report (issue 15): its parameters and the query that answers them. Everything else (the
 * routes, the CSV and PDF writers, the page's table and chart) is shared. To add a report: a file
 * beside this one exporting a ReportModule, one line in registry.ts, its parameters and columns in
 * schema/reports/, its audience in schema/policy/reports.ts, a page in client/src/reports/ (see
 * docs/REPORTS.md).
 */
export interface ReportContext<P> {
  db: DB
  access: ReportAccess
  params: P
  /** Today in Helsinki (YYYY-MM-DD); tests pass their own. */
  today: string
  /** For an export: every row, not the page's first ones. */
  all: boolean
}

export type ReportBody = Pick<ReportResult, 'filters' | 'sections' | 'chart' | 'options'>

export interface ReportModule<P = unknown> {
  params: z.ZodType<P>
  run(ctx: ReportContext<P>): Promise<ReportBody>
  /**
   * Optional: the rows of one large section in batches, so a CSV of tens of thousands of rows is
   * written as it is read instead of built whole.
   */
  stream?: { section: string; rows(ctx: ReportContext<P>): AsyncIterable<Row[]> }
}

/** Aggregates come back as strings (bigint, numeric) from postgres.js and as numbers from PGlite. */
export const num = (value: string | number | bigint | null | undefined): number => Number(value ?? 0)
