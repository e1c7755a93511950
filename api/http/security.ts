import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler, Next } from 'hono'
import { getCookie } from 'hono/cookie'
import { AppError } from '../../schema/errors.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { SESSION_COOKIE, validateSessionToken } from '../../server/auth/sessions.ts'
import { originAllowed } from '../../server/http/origin.ts'
import type { AppEnv } from './context.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Origin / Sec-Fetch-Site check on every state-changing request, whatever its content type
 * (hono/csrf checks only form-like bodies). The origin must pass the one origin rule
 * (`origin.ts`, shared with the collab websocket). Browsers send at least one of the two headers
 * on such requests, so a request that authenticates by the session cookie and sends neither is
 * refused: the cookie is ambient authority. A bearer token is not ambient (no other site can
 * attach it), so header-less requests with one keep working for scripts and API clients.
 * Run by `requestPipeline` (pipeline.ts) before every /api route; throws `csrf_rejected`.
 */
export function originCheck(publicUrl: string): (c: Context<AppEnv>) => void {
  const trusted = [new URL(publicUrl).origin]
  return (c) => {
    if (SAFE_METHODS.has(c.req.method)) return
    const site = c.req.header('sec-fetch-site')
    const origin = c.req.header('origin')
    const siteOk = site === undefined || site === 'same-origin' || site === 'none'
    const originOk =
      origin === undefined || originAllowed(origin, c.req.header('host') ?? new URL(c.req.url).host, trusted)
    if (!siteOk || !originOk) throw new AppError('csrf_rejected', 'Cross-site request refused.')
    if (site === undefined && origin === undefined && authenticatesByCookie(c)) {
      throw new AppError('csrf_rejected', 'A signed-in browser request must say where it comes from.')
    }
  }
}

/** The request would be authenticated by the session cookie (no bearer token in front of it). */
function authenticatesByCookie(c: Context<AppEnv>): boolean {
  return !c.req.header('authorization')?.startsWith('Bearer ') && sessionCookie(c) !== undefined
}

/** The client's address from the socket; X-Forwarded-For only when configured to trust a proxy. */
export function clientAddressOf(c: Context<AppEnv>, trustProxy: boolean): string {
  let address = 'unknown'
  if (trustProxy) address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || address
  // app.request() (tests, `bench:api --cpu`) has no socket: asked first rather than caught, as
  // a thrown error builds its stack trace on every request.
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined
  if (address === 'unknown' && (env?.incoming || env?.server)) {
    try {
      address = getConnInfo(c).remote.address ?? 'unknown'
    } catch {
      // no socket after all
    }
  }
  return address
}

/**
 * The session cookie's value, parsed once per request (the CSRF check, `requireAuth` and
 * `/api/me` each ask; parsing the header three times showed in issue 19's profile).
 */
function sessionCookie(c: Context<AppEnv>): string | undefined {
  const known = c.get('sessionCookie')
  if (known !== undefined) return known ?? undefined
  const value = getCookie(c, SESSION_COOKIE)
  c.set('sessionCookie', value ?? null)
  return value
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  const bearer = c.req.header('authorization')
  if (bearer?.startsWith('Bearer ')) return bearer.slice(7)
  return sessionCookie(c)
}

/**
 * Requires a live session; sets `session` and `principal`. From the session cache when it holds
 * them (sessionCache.ts: forgotten on every access change), else from the database. Not an async
 * function: a warm request goes on to the route without a promise of its own in between.
 */
export const requireAuth: MiddlewareHandler<AppEnv> = (c, next) => {
  const token = sessionToken(c)
  if (!token) throw new AppError('unauthenticated', 'Sign in to continue.')
  const cached = c.get('deps').sessionCache?.get(token)
  if (!cached) return authenticate(c, next, token)
  c.set('session', cached.session)
  c.set('principal', cached.principal)
  return next()
}

async function authenticate(c: Context<AppEnv>, next: Next, token: string): Promise<void> {
  const { db, sessionCache } = c.get('deps')
  const epoch = sessionCache?.epoch() ?? 0
  const session = await validateSessionToken(db, token)
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue.')
  const principal = await loadPrincipal(db, session)
  sessionCache?.set(token, session, principal, epoch)
  c.set('session', session)
  c.set('principal', principal)
  await next()
}
