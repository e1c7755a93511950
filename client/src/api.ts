import type { ErrorBody, ErrorCode, FieldIssue } from '../../schema/errors.ts'

/** A failed API call: the server's stable error code, its English message and field problems. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'network'
  readonly status: number
  /** Field path → message, from a 422's `details.issues`. */
  readonly fields: Record<string, string>
  readonly retryAfter: number | undefined
  /** The error's `details` as the server sent them (e.g. a refused booking's rule and alternatives). */
  readonly details: Record<string, unknown>
  /** A 422's problems with their codes and limits (ui/errors.ts words them in the user's language). */
  get issues(): FieldIssue[] {
    const issues = this.details.issues
    return Array.isArray(issues) ? (issues as FieldIssue[]) : []
  }
  constructor(
    code: ErrorCode | 'network',
    message: string,
    status: number,
    fields: Record<string, string> = {},
    retryAfter?: number,
    details: Record<string, unknown> = {},
  ) {
    super(message)
    this.details = details
    this.code = code
    this.status = status
    this.fields = fields
    this.retryAfter = retryAfter
  }
}

function fieldsOf(details: Record<string, unknown> | undefined): Record<string, string> {
  const issues = details?.issues
  if (!Array.isArray(issues)) return {}
  const fields: Record<string, string> = {}
  for (const issue of issues as Array<{ path?: unknown; message?: unknown }>) {
    const path = typeof issue.path === 'string' ? issue.path : ''
    if (typeof issue.message === 'string' && !(path in fields)) fields[path] = issue.message
  }
  return fields
}

/**
 * The one way the client talks to /api. The session is an HttpOnly cookie the browser sends
 * itself (never a token in storage); a non-2xx answer becomes an ApiError.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError('network', 'The server could not be reached.', 0)
  }
  const text = await response.text()
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = null
  }
  if (!response.ok) {
    const error = (parsed as Partial<ErrorBody> | null)?.error
    const retry = response.headers.get('retry-after')
    throw new ApiError(
      error?.code ?? 'internal',
      error?.message ?? `HTTP ${response.status}`,
      response.status,
      fieldsOf(error?.details),
      retry ? Number(retry) : undefined,
      error?.details ?? {},
    )
  }
  return parsed as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
}
