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
