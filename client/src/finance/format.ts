import { language } from '../i18n/index.ts'

const LOCALE = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-IE' } as const

/** Euros from integer cents in the reader's language: "1 234,50 €" in Finnish and Swedish. */
export function euros(cents: number): string {
  return new Intl.NumberFormat(LOCALE[language()], { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

/** "maaliskuu 2026" for a period's first day. */
export function monthName(period: string): string {
  return new Intl.DateTimeFormat(LOCALE[language()], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${period}T00:00:00Z`))
}

/**
 * Cents from what a person types as euros: "1 234,50", "1234.5", "12 €". Digits only, integer
 * arithmetic (no float rounding); null when it is not an amount with at most two decimals.
 */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  const match = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
