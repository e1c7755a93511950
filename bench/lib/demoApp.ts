import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../schema/config.ts'
import { ensureClientBuilt } from '../../scripts/lib/clientBuild.ts'
import { startAll } from '../../scripts/lib/startAll.ts'

export const DEMO_PASSWORD = 'kotipiha-demo'

export interface DemoApp {
  baseUrl: string
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The app as a first `npm start` runs it: built client, embedded database (PGlite) in a fresh
 * DATA_DIR, the demo seeded by the app itself, on a free port. PUBLIC_URL is the address the
 * browser uses, or the origin check refuses every state-changing request.
 */
export async function startDemoApp(): Promise<DemoApp> {
  ensureClientBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'kotipiha-bench-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    const app = await startAll(
      loadConfig({
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO: '1',
        PUBLIC_URL: baseUrl,
        LOG_LEVEL: 'error',
      }),
    )
    return {
      baseUrl,
      close: async () => {
        await app.close()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

/**
 * Signs a demo account in over the API and returns its session cookie (`kp_session=…`). Only
 * accounts without a second factor (residents, the board): staff would need TOTP.
 */
export async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('kp_session='))
  if (!cookie) throw new Error(`sign-in as ${email}: no kp_session cookie`)
  return cookie
}

/** GET an API path as the cookie's user. */
export async function apiGet<T>(baseUrl: string, cookie: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } })
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
  return (await res.json()) as T
}
