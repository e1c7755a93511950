import type { FieldIssue } from '../../../schema/errors.ts'
import { ApiError } from '../api.ts'
import { formatNumber, type MessageKey, t, tPlural } from '../i18n/index.ts'

/** What to tell the user about a failed request, in their language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}` as MessageKey
    const translated = t(key)
    return translated === key ? error.message : translated
  }
  return t('error.internal')
}

/**
 * Field path → message for a 422, in the user's language: worded from the issue's code and limit
 * (zod's English text never reaches a Finnish screen). The first problem of a field wins.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    if (!(issue.path in fields)) fields[issue.path] = issueMessage(issue)
  }
  return fields
}

export function issueMessage(issue: FieldIssue): string {
  const collection = issue.origin === 'array' || issue.origin === 'set'
  const text = issue.origin === 'string' || issue.origin === undefined
  switch (issue.code) {
    case 'too_small':
      if (issue.minimum === undefined) return t('ui.field.invalid')
      if (text && issue.minimum === 1) return t('ui.field.required')
      if (collection) return t('ui.field.tooFewItems', { min: issue.minimum })
      return text
        ? tPlural('ui.field.tooShort', issue.minimum)
        : t('ui.field.tooSmall', { min: formatNumber(issue.minimum) })
    case 'too_big':
      if (issue.maximum === undefined) return t('ui.field.invalid')
      if (collection) return t('ui.field.tooManyItems', { max: issue.maximum })
      return text
        ? tPlural('ui.field.tooLong', issue.maximum)
        : t('ui.field.tooBig', { max: formatNumber(issue.maximum) })
    case 'invalid_format':
      return issue.format === 'email'
        ? t('ui.field.email')
        : issue.format === 'url'
          ? t('ui.field.url')
          : t('ui.field.format')
    case 'invalid_value':
      return t('ui.field.invalidOption')
    case 'invalid_type':
      return t('ui.field.required')
    default:
      return t('ui.field.invalid')
  }
}
