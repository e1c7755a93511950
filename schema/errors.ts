/**
 * One error vocabulary. Code → HTTP status and websocket close code, translated in one place
 * (api/http/errors.ts for HTTP, collab-server for sockets). Messages are English for logs and
 * API clients; the client shows the translated text for the code (i18n key `error.<code>`).
 */
export const ERRORS = {
  bad_request: { status: 400, close: 4400 },
  invalid_json: { status: 400, close: 4400 },
  validation_failed: { status: 422, close: 4422 },
  unauthenticated: { status: 401, close: 4401 },
  invalid_credentials: { status: 401, close: 4401 },
  totp_required: { status: 401, close: 4401 },
  invalid_totp: { status: 401, close: 4401 },
  mfa_enrolment_required: { status: 403, close: 4403 },
  forbidden: { status: 403, close: 4403 },
  csrf_rejected: { status: 403, close: 4403 },
  not_found: { status: 404, close: 4404 },
  conflict: { status: 409, close: 4409 },
  email_taken: { status: 409, close: 4409 },
  business_id_taken: { status: 409, close: 4409 },
  already_member: { status: 409, close: 4409 },
  token_invalid: { status: 410, close: 4410 },
  payload_too_large: { status: 413, close: 1009 },
  unsupported_media_type: { status: 415, close: 4415 },
  rate_limited: { status: 429, close: 4429 },
  org_suspended: { status: 403, close: 4403 },
  internal: { status: 500, close: 1011 },
  update_refused: { status: 422, close: 4422 },
  document_too_large: { status: 413, close: 4413 },
  document_unavailable: { status: 503, close: 4503 },
  access_changed: { status: 403, close: 4403 },
  booking_conflict: { status: 409, close: 4409 },
  booking_rule: { status: 422, close: 4422 },
} as const satisfies Record<string, { status: number; close: number }>

export type ErrorCode = keyof typeof ERRORS

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: Record<string, unknown> | undefined
  /** Seconds to wait, for rate_limited. */
  readonly retryAfter: number | undefined
  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; retryAfter?: number } = {},
  ) {
    super(message)
    this.code = code
    this.status = ERRORS[code].status
    this.details = options.details
    this.retryAfter = options.retryAfter
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> }
}

export const notFound = (what = 'That') => new AppError('not_found', `${what} was not found.`)
export const forbidden = (message = 'You do not have permission to do that.') =>
  new AppError('forbidden', message)

/**
 * One problem of a 422 validation_failed (`details.issues`): the field path, zod's English
 * message, and its code and limit, from which the client words it in the user's language.
 */
export interface FieldIssue {
  path: string
  message: string
  code?: string
  minimum?: number
  maximum?: number
  origin?: string
  format?: string
}
