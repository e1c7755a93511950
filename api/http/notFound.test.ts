import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../server/db/connect.ts'
import { SOCKET_ENGINE, type SocketServer, startSocketServer } from '../test/socketServer.ts'

/**
 * The real HTTP server with a built client beside the API: an unknown /api path is a JSON 404 in
 * the error vocabulary for every method, while client routes still get the app shell. Routing does
 * not depend on the engine: one server (`SOCKET_ENGINE`).
 */
describe.each([SOCKET_ENGINE])('unknown API paths on %s', (engine: Engine) => {
  let server: SocketServer
  let base: string
  beforeAll(async () => {
    server = await startSocketServer(engine, { shell: '<!doctype html><title>Kotipiha</title>' })
    base = server.base
  })
  afterAll(() => server?.close())

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])(
    'answers %s of an unknown /api path with a JSON 404',
    async (method) => {
      for (const path of ['/api/no-such-thing', '/api/no-such/deeper/path.js', '/api/']) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { origin: base, 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        })
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
          path,
          status: 404,
          type: expect.stringMatching(/^application\/json/),
        })
        const body = await res.json()
        expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
      }
    },
  )

  it('still serves the app shell for client routes and the API for known paths', async () => {
    const shell = await fetch(`${base}/cases/123`)
    expect(shell.status).toBe(200)
    expect(await shell.text()).toContain('<title>Kotipiha</title>')
    const health = await fetch(`${base}/api/health`)
    expect(health.status).toBe(200)
    expect((await health.json()).ok).toBe(true)
  })
})
