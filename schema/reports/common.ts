import { z } from 'zod'

/**
 * The shape every report shares (issue 15), so one table, one chart, one CSV writer and one PDF
 * writer serve all of them. A report is sections of rows (each with its columns and totals) and
 * one chart; texts are keys into the report texts (schema/reports/i18n), never sentences.
 */
export const REPORT_IDS = [
  'buildings',
  'balance',
  'billing',
  'progress',
  'economics',
  'portfolio',
  'performance',
  'risks',
  'operations',
  'service',
] as const
export type ReportId = (typeof REPORT_IDS)[number]

/** How a cell is read and written: cents as euros, area in m², months as YYYY-MM. */
export type ColumnKind =
  | 'text'
  | 'cents'
  | 'int'
  | 'area'
  | 'percent'
  | 'date'
  | 'month'
  | 'days'
  /** A meter quantity (kWh, m³...): up to three decimals, the unit in a column of its own. */
  | 'quantity'
export interface Column {
  key: string
  /** A key of the report texts' `col` map. */
  label: string
  kind: ColumnKind
  /** The cell holds a code translated through this map of the report texts. */
  values?: CodeMap
}
/** Maps of the report texts that translate stored codes (a category, a status...). */
export type CodeMap =
  | 'category'
  | 'kind'
  | 'status'
  | 'ageing'
  | 'taskStatus'
  | 'item'
  | 'meterKind'
  | 'work'
  | 'caseCategory'
export type Cell = string | number | null
export type Row = Record<string, Cell>

export interface Section {
  /** A key of the report texts' `section` map. */
  id: string
  columns: Column[]
  rows: Row[]
  /** Sums of the numeric columns that add up, by column key (they equal the rows' sums). */
  totals: Record<string, number>
  /** More rows than a page shows: the export has them all. */
  truncated?: boolean
  /** With no rows: a key of the report texts' `none` map saying why (else "No data"). */
  empty?: 'noReadings'
}

/**
 * One chart: horizontal bars grouped by series, stacked columns over an ordinal x (months), or
 * lines over months. Values are in the unit of `unit`; series and groups are text keys or names.
 */
export interface ChartSpec {
  mark: 'groupedBarX' | 'stackedBarY' | 'line'
  unit: 'cents' | 'hours' | 'count' | 'area' | 'days'
  /** Keys into the report texts' `series` map, in legend order. */
  series: string[]
  /** The x values are codes translated through this map (else shown as they are). */
  xCodes?: CodeMap
  data: { x: string; series: string; value: number }[]
}

/** A choice of a filter whose values come from the data: a building, a board, a label. */
export interface FilterOption {
  value: string
  label: string
}

export interface ReportResult {
  report: ReportId
  org: { id: string; name: string }
  /** The filters as applied (defaults filled in), shown in the PDF and the page. */
  filters: Record<string, string | number>
  /** 'own': an owner's view, only the apartments they hold. */
  scope: 'all' | 'own'
  generatedAt: string
  sections: Section[]
  chart: ChartSpec | null
  /**
   * The choices of the filters that come from the data, by filter key, limited to what this reader
   * covers (a building-scoped reader's buildings, a contractor's boards); the page's selects offer
   * them, and the PDF and CSV name a chosen one by its label instead of its id.
   */
  options?: Record<string, FilterOption[]>
}

export const Year = z.coerce.number().int().min(2000).max(2100)
export const Month = z.coerce.number().int().min(1).max(12)
export const Id = z.uuid({ message: 'Not a valid id.' })
export const ExportQuery = z.strictObject({
  format: z.enum(['csv', 'pdf']),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
})

/** A filter's value as a person reads it: a building's name rather than its id. */
export function filterText(
  result: Pick<ReportResult, 'options'>,
  key: string,
  value: string | number,
): string {
  return result.options?.[key]?.find((o) => o.value === String(value))?.label ?? String(value)
}

/** Adds up the named numeric columns of rows: every section's totals come from this. */
export function sumColumns(rows: Row[], keys: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const k of keys) totals[k] = 0
  for (const row of rows) {
    for (const k of keys) {
      const v = row[k]
      if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v
    }
  }
  return totals
}

/** YYYY-MM-DD of the last day of a month. */
export function monthEnd(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0))
  return d.toISOString().slice(0, 10)
}

/** The months from `from` (YYYY-MM) through `to`, inclusive, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/** The YYYY-MM `n` months before (negative) or after `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + n, 1))
  return d.toISOString().slice(0, 7)
}
