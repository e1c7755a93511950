/**
 * Signing in to a running demo app over its API, for the benches and scripts that drive one. The
 * app itself starts with `startE2EServer()` (e2e/support/server.ts), the one starter of the whole
 * app on the demo: without a seeded copy it starts as a first `npm start` does.
 */

export const DEMO_PASSWORD = 'kotipiha-demo'

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
