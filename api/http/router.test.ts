import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { rememberingRouter } from './router.ts'

/**
 * The remembering router answers exactly as Hono's own: the same handler and the request's own
 * parameters, per method, when a path comes again, after the memory is full and forgotten, and
 * for a path too long to remember.
 */
function app(remembering: boolean) {
  const a = remembering ? new Hono({ router: rememberingRouter() }) : new Hono()
  a.use(async (c, next) => {
    await next()
    c.header('x-seen', 'yes')
  })
  a.get('/tasks/mine', (c) => c.text('mine'))
  a.get('/tasks/:cardId', (c) => c.text(`card ${c.req.param('cardId')}`))
  a.post('/tasks/:cardId', (c) => c.text(`post ${c.req.param('cardId')}`))
  a.get('/tasks/:taskId/comments', (c) => c.text(`comments ${c.req.param('taskId')}`))
  a.all('*', (c) => c.text('none', 404))
  return a
}

async function answer(a: Hono, method: string, path: string) {
  const res = await a.request(path, { method })
  return `${res.status} ${res.headers.get('x-seen')} ${await res.text()}`
}

describe('the remembering router', () => {
  it('answers as Hono’s default router, path after path, method by method', async () => {
    const ours = app(true)
    const theirs = app(false)
    const paths = [
      '/tasks/mine',
      '/tasks/a1',
      '/tasks/b2',
      '/tasks/a1/comments',
      '/nowhere',
      `/tasks/${'x'.repeat(300)}`,
    ]
    for (let i = 0; i < 1_100; i++) paths.push(`/tasks/n${i}`)
    for (const round of [1, 2]) {
      for (const path of paths) {
        for (const method of ['GET', 'POST']) {
          const expected = await answer(theirs, method, path)
          expect({ round, method, path, got: await answer(ours, method, path) }).toEqual({
            round,
            method,
            path,
            got: expected,
          })
        }
      }
    }
  })
})
