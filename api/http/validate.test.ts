import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { FieldIssue } from '../../schema/errors.ts'
import { toErrorResponse } from './errors.ts'
import { valid } from './validate.ts'

/**
 * A 422 names each field with zod's code and limit, so the client can word the problem in the
 * user's language (no database: the validator alone, through app.request()).
 */
describe('validation issues carry their code and limit', () => {
  const app = new Hono()
    .post(
      '/thing',
      valid(
        'json',
        z
          .object({
            title: z.string().min(3).max(5),
            email: z.email(),
            count: z.number().int().max(10),
            kind: z.enum(['a', 'b']),
            tags: z.array(z.string()).max(1),
          })
          .strict(),
      ),
      (c) => c.json({ ok: true }),
    )
    .onError(toErrorResponse)

  it('too long, not an email, too big, not an option, too many', async () => {
    const response = await app.request('/thing', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'abcdefg', email: 'nope', count: 11, kind: 'c', tags: ['x', 'y'] }),
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as { error: { code: string; details: { issues: FieldIssue[] } } }
    expect(body.error.code).toBe('validation_failed')
    const byPath = Object.fromEntries(body.error.details.issues.map((i) => [i.path, i]))
    expect(byPath.title).toMatchObject({ code: 'too_big', maximum: 5, origin: 'string' })
    expect(byPath.email).toMatchObject({ code: 'invalid_format', format: 'email' })
    expect(byPath.count).toMatchObject({ code: 'too_big', maximum: 10, origin: 'number' })
    expect(byPath.kind).toMatchObject({ code: 'invalid_value' })
    expect(byPath.tags).toMatchObject({ code: 'too_big', maximum: 1, origin: 'array' })
    // The English message is still there for API users.
    expect(typeof byPath.title?.message).toBe('string')
  })

  it('too short', async () => {
    const response = await app.request('/thing', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'ab', email: 'a@b.fi', count: 1, kind: 'a', tags: [] }),
    })
    const body = (await response.json()) as { error: { details: { issues: FieldIssue[] } } }
    expect(body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'title', code: 'too_small', minimum: 3, origin: 'string' }),
    ])
  })
})
