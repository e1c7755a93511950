import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../server/db/connect.ts'
import { createUser, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { SOCKET_ENGINE, type SocketServer, startSocketServer } from '../test/socketServer.ts'
import { SECURITY_HEADERS } from './pipeline.ts'

/**
 * The request pipeline (pipeline.ts) puts the security headers on every /api response, errors
 * included — those its own checks give (CSRF, body limit), those of a route's middleware (401),
 * the unknown path's 404 — both on a real socket (where they go on the Node response) and
 * under `app.request()` (where they are added to the Response).
 */
type Call = (path: string, init?: RequestInit) => Response | Promise<Response>

function expectSecurityHeaders(res: Response, what: string) {
  const got = Object.fromEntries(SECURITY_HEADERS.map(([name]) => [name, res.headers.get(name)]))
  expect({ what, headers: got }).toEqual({ what, headers: Object.fromEntries(SECURITY_HEADERS) })
}

async function everyKindOfAnswer(call: Call, token: string) {
  const cases: Array<[string, string, RequestInit, number]> = [
    ['health', '/api/health', {}, 200],
    ['me', '/api/me', { headers: { cookie: `kp_session=${token}` } }, 200],
    ['me without a session', '/api/me', {}, 401],
    [
      'cross-site POST',
      '/api/collab/token',
      {
        method: 'POST',
        headers: { cookie: `kp_session=${token}`, origin: 'https://evil.example' },
        body: '{}',
      },
      403,
    ],
    [
      'a body over the limit',
      '/api/me',
      {
        method: 'PATCH',
        headers: {
          cookie: `kp_session=${token}`,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
      },
      413,
    ],
    ['unknown path', '/api/no-such-thing', {}, 404],
  ]
  for (const [what, path, init, status] of cases) {
    const res = await call(path, init)
    expect({ what, status: res.status }).toEqual({ what, status })
    expectSecurityHeaders(res, what)
    await res.arrayBuffer()
  }
}

describe('the security headers', () => {
  it('are what hono/secure-headers set by default, which they replaced', async () => {
    const app = new Hono().use(secureHeaders()).get('/', (c) => c.text('ok'))
    const res = await app.request('/')
    const theirs = [...res.headers].filter(([name]) => name !== 'content-type')
    expect(Object.fromEntries(theirs)).toEqual(
      Object.fromEntries(SECURITY_HEADERS.map(([name, value]) => [name.toLowerCase(), value])),
    )
  })
})

// The whole server on a socket once (`SOCKET_ENGINE`): the headers do not depend on the engine
// (the in-process suite below checks both).
describe.each([SOCKET_ENGINE])(
  'security headers on every /api answer, on a socket, on %s',
  (engine: Engine) => {
    let server: SocketServer
    beforeAll(async () => {
      server = await startSocketServer(engine)
    })
    afterAll(() => server?.close())

    it('sets them on answers, refusals and errors alike', async () => {
      const user = await createUser(server.running.deps.db)
      const token = await signIn(server.running.deps.db, user.id)
      await everyKindOfAnswer((path, init) => fetch(`${server.base}${path}`, init), token)
    })
  },
)

describe.each(ENGINES)('security headers on every /api answer, in process, on %s', (engine: Engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('sets them on answers, refusals and errors alike', async () => {
    const user = await createUser(t.deps.db)
    const token = await signIn(t.deps.db, user.id)
    await everyKindOfAnswer((path, init) => t.app.request(`http://localhost:3000${path}`, init), token)
  })
})
