import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import type { Engine } from '../../server/db/connect.ts'
import { type RunningServer, startHttpServer } from '../httpServer.ts'
import { ENGINES } from '../test/harness.ts'

/**
 * The real HTTP server with a built client beside the API: an unknown /api path is a JSON 404 in
 * the error vocabulary for every method, while client routes still get the app shell. Routing does
 * not depend on the engine: one server, on Postgres where the run has it (on PGlite the app's own
 * DATA_DIR is a fresh initdb and every migration, most of this file's time).
 */
describe.each([ENGINES.at(-1)!])('unknown API paths on %s', (engine: Engine) => {
  let dir: string
  let running: RunningServer
  let base: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kp-notfound-'))
    const clientDir = join(dir, 'client')
    await mkdir(clientDir)
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>Kotipiha</title>')
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: join(dir, 'data'),
      DEMO: '0',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://localhost:3000',
      ...(engine === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    })
    running = await startHttpServer(config, { clientDir })
    base = `http://127.0.0.1:${running.port}`
  })
  afterAll(async () => {
    await running?.close()
    await rm(dir, { recursive: true, force: true })
  })

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
