import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, type ErrorBody } from '../../schema/errors.ts'
import { fallbackLog } from '../../server/log.ts'
import type { AppDeps } from './context.ts'

/** The one place where errors become responses. Unknown errors are logged and never shown. */
export function toErrorResponse(err: unknown, c: Context): Response {
  const appError = asAppError(err)
  if (appError.code === 'internal') {
    const log = (c.get('deps') as AppDeps | undefined)?.log ?? fallbackLog
    log.error('api.unhandled_error', {
      method: c.req.method,
      path: c.req.path,
      error: String(err),
      stack: err instanceof Error ? err.stack : undefined,
    })
  }
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } }
  if (appError.details) body.error.details = appError.details
  if (appError.retryAfter !== undefined) c.header('Retry-After', String(appError.retryAfter))
  return c.json(body, appError.status as ContentfulStatusCode)
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    if (err.status === 400) return new AppError('invalid_json', 'The request body is not valid JSON.')
    if (err.status === 403) return new AppError('csrf_rejected', 'Cross-site request refused.')
    if (err.status === 413) return new AppError('payload_too_large', 'The request is too large.')
    if (err.status === 404) return new AppError('not_found', 'Not found.')
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.')
}
