import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import { createUser, signIn } from '../../server/test/factories.ts'
import { createApi } from '../app.ts'
import { isLoopback } from '../http/loopback.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * The dev mailbox shows reset links: only in demo mode without SMTP, and there only to a client
 * on this machine (by its socket address, or the forwarded one behind a trusted proxy) or to a
 * signed-in platform admin.
 */
describe.each(ENGINES)('dev mailbox access on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const appWith = (env: Record<string, string>) =>
    createApi({
      ...t.deps,
      config: loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', ...env }),
    })

  /** The API on a real socket at 127.0.0.1, so the socket address is loopback. */
  const onSocket = async (env: Record<string, string>) => {
    const server: Server = createServer(getRequestListener(appWith(env).fetch))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return {
      get: (headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}/api/dev/mailbox`, { headers }),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    }
  }

  it('refuses a client that is not on this machine and not a platform admin', async () => {
    // No socket (app.request): the address is unknown, never loopback.
    const anonymous = await client(t.app).get('/api/dev/mailbox')
    expect(anonymous.status).toBe(403)
    const body = await anonymous.json()
    expect(body).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/loopback/) } })
    // Behind a trusted proxy the forwarded address decides.
    const proxied = appWith({ DEMO: '1', TRUST_PROXY: '1' })
    expect((await client(proxied).get('/api/dev/mailbox', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(
      403,
    )
    expect((await client(proxied).get('/api/dev/mailbox', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(
      200,
    )
    // Without one, a forwarded "127.0.0.1" is just a header anyone can send.
    const direct = appWith({ DEMO: '1' })
    expect((await client(direct).get('/api/dev/mailbox', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(
      403,
    )
    // A signed-in user who is not a platform admin gains nothing.
    const user = await createUser(t.deps.db)
    expect((await client(t.app, await signIn(t.deps.db, user.id)).get('/api/dev/mailbox')).status).toBe(403)
  })

  it('serves a loopback socket, but behind a trusted proxy only a loopback forwarded address', async () => {
    const plain = await onSocket({ DEMO: '1' })
    try {
      const res = await plain.get()
      expect(res.status).toBe(200)
      expect(Array.isArray((await res.json()).messages)).toBe(true)
      // The socket decides, whatever X-Forwarded-For says.
      expect((await plain.get({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(200)
    } finally {
      await plain.close()
    }
    const proxied = await onSocket({ DEMO: '1', TRUST_PROXY: '1' })
    try {
      expect((await proxied.get({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(403)
    } finally {
      await proxied.close()
    }
  })

  it('serves a signed-in platform admin from anywhere (after their second factor)', async () => {
    const admin = await createUser(t.deps.db, { platformAdmin: true })
    expect(
      (await client(t.app, await signIn(t.deps.db, admin.id, true)).get('/api/dev/mailbox')).status,
    ).toBe(200)
    expect(
      (await client(t.app, await signIn(t.deps.db, admin.id, false)).get('/api/dev/mailbox')).status,
    ).toBe(403)
  })

  it('does not exist outside demo mode or with SMTP configured, even for loopback and admins', async () => {
    const admin = await createUser(t.deps.db, { platformAdmin: true })
    const token = await signIn(t.deps.db, admin.id, true)
    const envs: Record<string, string>[] = [{ DEMO: '0' }, { DEMO: '1', SMTP_URL: 'smtp://mail.example:587' }]
    for (const env of envs) {
      expect((await client(appWith(env), token).get('/api/dev/mailbox')).status).toBe(404)
      const server = await onSocket(env)
      try {
        expect((await server.get()).status).toBe(404)
      } finally {
        await server.close()
      }
    }
  })

  it('knows a loopback address when it sees one', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect({ a, loopback: isLoopback(a) }).toEqual({ a, loopback: true })
    }
    for (const a of ['unknown', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '::2', '', '127.0.0.1.evil']) {
      expect({ a, loopback: isLoopback(a) }).toEqual({ a, loopback: false })
    }
  })
})
