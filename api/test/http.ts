import type { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'

/** Requests against the app without a network, as a same-origin browser would send them. */
export function client(app: Hono<AppEnv>, token?: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    origin: 'http://localhost:3000',
    'content-type': 'application/json',
    ...(token ? { cookie: `kp_session=${token}` } : {}),
    ...extra,
  })
  const send = (method: string, path: string, body?: unknown, extra?: Record<string, string>) =>
    app.request(`http://localhost:3000${path}`, {
      method,
      headers: headers(extra),
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    })
  return {
    send: (method: string, path: string, body?: unknown) => send(method, path, body),
    get: (path: string, extra?: Record<string, string>) => send('GET', path, undefined, extra),
    post: (path: string, body?: unknown, extra?: Record<string, string>) =>
      send('POST', path, body ?? {}, extra),
    patch: (path: string, body?: unknown) => send('PATCH', path, body ?? {}),
    put: (path: string, body?: unknown) => send('PUT', path, body ?? {}),
    delete: (path: string) => send('DELETE', path),
  }
}

export function sessionFrom(res: Response): string | undefined {
  const cookie = res.headers.get('set-cookie') ?? ''
  return /kp_session=([^;]+)/.exec(cookie)?.[1]
}
