import { ApiError } from '../api.ts'
import { type MessageKey, t } from '../i18n/index.ts'

/** What to tell the user about a failed request, in their language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}` as MessageKey
    const translated = t(key)
    return translated === key ? error.message : translated
  }
  return t('error.internal')
}

/** Field path → message for a 422 (the server's text; the summary above the form is translated). */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fields : {}
}
