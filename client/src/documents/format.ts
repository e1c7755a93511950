import type { Role } from '../../../schema/roles.ts'
import { language, t } from '../i18n/index.ts'

import { LOCALE } from '../i18n/plural.ts'

export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(LOCALE[language()], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** Bytes as the user reads them: 840 B, 12 kB, 3.4 MB (decimal units, as file managers show). */
export function formatSize(bytes: number): string {
  const [value, unit] =
    bytes >= 1_000_000
      ? [bytes / 1_000_000, 'megabyte']
      : bytes >= 1000
        ? [bytes / 1000, 'kilobyte']
        : [bytes, 'byte']
  return new Intl.NumberFormat(LOCALE[language()], {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit !== 'byte' ? 1 : 0,
  }).format(value)
}

/** Who may read a folder, in words. */
export function audienceText(audience: 'members' | Role[]): string {
  if (audience === 'members') return t('documents.everyone')
  return audience.map((r) => t(`role.${r}`)).join(', ')
}
