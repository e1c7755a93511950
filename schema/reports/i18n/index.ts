import type { Language } from '../../roles.ts'
import { type ReportTexts, reportTextsEn } from './en.ts'
import { reportTextsFi } from './fi.ts'
import { reportTextsSv } from './sv.ts'

export type { ReportTexts }
export const REPORT_TEXTS: Readonly<Record<Language, ReportTexts>> = {
  fi: reportTextsFi,
  sv: reportTextsSv,
  en: reportTextsEn,
}
