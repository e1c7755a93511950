import type { ValidationTargets } from 'hono'
import { validator } from 'hono-openapi'
import type { z } from 'zod'
import { AppError, type FieldIssue } from '../../schema/errors.ts'

/**
 * Validation middleware that also feeds the OpenAPI document. A failure becomes
 * 422 validation_failed with each problem's field path, never a stack trace.
 */
export function valid<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const issues = (result.error ?? []).map((issue) => ({
        path: (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'),
        message: issue.message,
        ...issueFacts(issue),
      }))
      const first = issues[0]
      throw new AppError(
        'validation_failed',
        first ? `${first.path || target}: ${first.message}` : 'The request is not valid.',
        { details: { issues } },
      )
    }
  })
}

/**
 * The machine-readable part of a zod issue (its code and limit), so the client can say it in the
 * user's language ("Käytä enintään 120 merkkiä") instead of showing zod's English message.
 */
function issueFacts(issue: object): Omit<FieldIssue, 'path' | 'message'> {
  const raw = issue as Record<string, unknown>
  const facts: Omit<FieldIssue, 'path' | 'message'> = {}
  if (typeof raw.code === 'string') facts.code = raw.code
  for (const key of ['minimum', 'maximum'] as const) {
    const value = raw[key]
    if (typeof value === 'number' || typeof value === 'bigint') facts[key] = Number(value)
  }
  if (typeof raw.origin === 'string') facts.origin = raw.origin
  if (typeof raw.format === 'string') facts.format = raw.format
  return facts
}
