import type { CaseCategory, CaseStatus } from '../../../schema/cases.ts'
import { DEFAULT_CASE_CATEGORIES } from '../../../schema/cases.ts'
import { language, t } from '../i18n/index.ts'

import { LOCALE } from '../i18n/plural.ts'

export function categoryLabel(c: CaseCategory): string {
  if (c.name) return c.name
  return (DEFAULT_CASE_CATEGORIES as readonly string[]).includes(c.key)
    ? t(`cases.category.${c.key as (typeof DEFAULT_CASE_CATEGORIES)[number]}`)
    : c.key
}

export function formatDate(iso: string | number): string {
  return new Intl.DateTimeFormat(LOCALE[language()], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(new Date(iso))
}

export function formatDateTime(iso: string | number): string {
  return new Intl.DateTimeFormat(LOCALE[language()], {
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

export function StatusTag(props: { status: CaseStatus }) {
  return (
    <span class={`tag case-status case-status--${props.status}`}>{t(`cases.status.${props.status}`)}</span>
  )
}
