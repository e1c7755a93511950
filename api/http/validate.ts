import type { ValidationTargets } from 'hono'
import { validator } from 'hono-openapi'
import type { z } from 'zod'
import { AppError } from '../../schema/errors.ts'

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
