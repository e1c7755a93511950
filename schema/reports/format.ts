import type { Language } from '../roles.ts'
import type { Cell, Column } from './common.ts'
import { REPORT_TEXTS } from './i18n/index.ts'

/**
 * How a report cell reads, on screen and on paper (`screen`) or in a CSV (`csv`), in the reader's
 * language. A CSV keeps numbers as numbers a spreadsheet reads: euros with two decimals, a decimal
 * comma in Finnish and Swedish (where the separator is `;`), ISO dates.
 */
export const LOCALES: Readonly<Record<Language, string>> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-IE' }

export function csvDelimiter(lang: Language): string {
  return lang === 'en' ? ',' : ';'
}

export function formatCell(column: Column, value: Cell, lang: Language, mode: 'screen' | 'csv'): string {
  if (value === null || value === undefined || value === '') return ''
  const texts = REPORT_TEXTS[lang]
  if (column.values && typeof value === 'string') {
    const map = texts[column.values] as Record<string, string>
    return map[value] ?? value
  }
  if (typeof value === 'string') return mode === 'screen' ? screenText(column, value, lang) : value
  switch (column.kind) {
    case 'cents':
      return mode === 'csv' ? plainNumber(value / 100, 2, lang) : euros(value, lang)
    case 'area':
    case 'days':
      return mode === 'csv' ? plainNumber(value, 1, lang) : grouped(value, 1, lang)
    case 'quantity':
      return mode === 'csv' ? plainNumber(value, 3, lang) : grouped(value, 3, lang)
    case 'percent':
      return mode === 'csv' ? plainNumber(value, 1, lang) : `${grouped(value, 1, lang)} %`
    default:
      return mode === 'csv' ? String(value) : grouped(value, 0, lang)
  }
}

export function euros(cents: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

function grouped(value: number, decimals: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALES[lang], {
    minimumFractionDigits: decimals === 0 ? 0 : 0,
    maximumFractionDigits: decimals,
  }).format(value)
}

/** A number without grouping, with the language's decimal mark: 1234,50 in Finnish. */
function plainNumber(value: number, decimals: number, lang: Language): string {
  const text = value.toFixed(decimals)
  return lang === 'en' ? text : text.replace('.', ',')
}

function screenText(column: Column, value: string, lang: Language): string {
  if (column.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`))
  }
  if (column.kind === 'month' && /^\d{4}-\d{2}/.test(value)) return monthLabel(value, lang)
  return value
}

/** "3/2026" style short month, the same on screen, on charts and on paper. */
export function monthLabel(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month.slice(0, 7)}-01T00:00:00Z`),
  )
}

/** The label of an x value or series on a chart. */
export function codeLabel(
  map: keyof typeof REPORT_TEXTS.en | undefined,
  code: string,
  lang: Language,
): string {
  if (!map) return code
  const texts = REPORT_TEXTS[lang][map] as Record<string, string>
  return texts[code] ?? code
}
