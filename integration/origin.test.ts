import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { createApi } from '../api/app.ts'
import type { AppDeps } from '../api/http/context.ts'
import { ENGINES } from '../api/test/harness.ts'
import { attachCollab, type Collab } from '../collab-server/attach.ts'
import { channelFixture, connectTestDb } from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import type { Connected } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'

/**
 * One origin rule for HTTP and the collab websocket (server/http/origin.ts): the same table of
 * Origin / Host pairs, sent over real sockets to one server carrying the API and /collab, gets the
 * same verdict from both. PUBLIC_URL is http://localhost:3000; the server listens elsewhere.
 */
describe.each(ENGINES)('one origin rule for HTTP and the websocket on %s', (engine) => {
  let connected: Connected
  let server: Server
  let collab: Collab
  let port: number
  beforeAll(async () => {
    connected = await connectTestDb(engine)
    const config = loadConfig({ DEMO: '1', PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
    const deps: AppDeps = {
      config,
      db: connected.db,
      engine: connected.engine,
      mailer: createMailer(undefined),
      onAccessChanged: () => {},
    }
    server = createServer(getRequestListener(createApi(deps).fetch))
    collab = attachCollab(server, { db: connected.db, config }, { debounceMs: 200, maxDebounceMs: 1000 })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await collab.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await connected.close()
  })

  const table = () => [
    { what: 'the public URL', origin: 'http://localhost:3000', host: `127.0.0.1:${port}`, ok: true },
    { what: 'its own host', origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, ok: true },
    { what: 'a foreign origin', origin: 'https://evil.example', host: `127.0.0.1:${port}`, ok: false },
    { what: 'a mismatched host', origin: `http://127.0.0.1:${port}`, host: `localhost:${port}`, ok: false },
  ]

  /** A cookie-authenticated POST as a browser at `origin` would send it to `host`. */
  const post = (path: string, cookie: string, origin: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: { host, origin, cookie: `kp_session=${cookie}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = ''
          res.on('data', (chunk) => {
            body += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.end('{}')
    })

  /** A browser's websocket at `origin` to `host`, carrying the session cookie. */
  const openDoc = (name: string, cookie: string, origin: string, host: string) => {
    class BrowserSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { origin, headers: { host, cookie: `kp_session=${cookie}` } })
      }
    }
    const events = { authenticated: [] as string[], denied: [] as string[] }
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${port}/collab`,
      WebSocketPolyfill: BrowserSocket,
      maxAttempts: 1,
    })
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: new Y.Doc(),
      token: '',
      onAuthenticated: ({ scope }) => void events.authenticated.push(scope),
      onAuthenticationFailed: ({ reason }) => void events.denied.push(reason),
    })
    provider.attach()
    return {
      events,
      destroy: () => {
        provider.destroy()
        socket.destroy()
      },
    }
  }

  it('answers the same table of origins alike over HTTP and the websocket', async () => {
    const { name, member } = await channelFixture(connected.db)
    const alice = await member('resident')
    for (const row of table()) {
      const http = await post('/api/collab/token', alice.token, row.origin, row.host)
      expect({ row: row.what, status: http.status }).toEqual({ row: row.what, status: row.ok ? 200 : 403 })
      if (!row.ok) expect(JSON.parse(http.body).error.code).toBe('csrf_rejected')

      const ws = openDoc(name, alice.token, row.origin, row.host)
      try {
        await vi.waitFor(() => expect(ws.events.authenticated.length + ws.events.denied.length).toBe(1))
        if (row.ok)
          expect({ row: row.what, ws: ws.events.authenticated }).toEqual({
            row: row.what,
            ws: ['read-write'],
          })
        // A specific reason, so the client can say it is the address (not the person) refused.
        else
          expect({ row: row.what, ws: ws.events.denied[0] }).toEqual({
            row: row.what,
            ws: expect.stringMatching(/^origin_refused/),
          })
      } finally {
        ws.destroy()
      }
    }
  })
})
