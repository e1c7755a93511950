import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
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
 */
export function csrfGuard(publicUrl: string): MiddlewareHandler<AppEnv> {
  const trusted = [new URL(publicUrl).origin]
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site')
      const origin = c.req.header('origin')
      const siteOk = site === undefined || site === 'same-origin' || site === 'none'
      const originOk =
        origin === undefined ||
        originAllowed(origin, c.req.header('host') ?? new URL(c.req.url).host, trusted)
      if (!siteOk || !originOk) throw new AppError('csrf_rejected', 'Cross-site request refused.')
      if (site === undefined && origin === undefined && authenticatesByCookie(c)) {
        throw new AppError('csrf_rejected', 'A signed-in browser request must say where it comes from.')
      }
    }
    await next()
  }
}

/** The request would be authenticated by the session cookie (no bearer token in front of it). */
function authenticatesByCookie(c: Parameters<MiddlewareHandler<AppEnv>>[0]): boolean {
  return !c.req.header('authorization')?.startsWith('Bearer ') && getCookie(c, SESSION_COOKIE) !== undefined
}

/** The client's address from the socket; X-Forwarded-For only when configured to trust a proxy. */
export function clientAddress(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
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
    c.set('clientAddress', address)
    await next()
  }
}

export function sessionToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  const bearer = c.req.header('authorization')
  if (bearer?.startsWith('Bearer ')) return bearer.slice(7)
  return getCookie(c, SESSION_COOKIE)
}

/**
 * Requires a live session; sets `session` and `principal`. From the session cache when it holds
 * them (sessionCache.ts: forgotten on every access change), else from the database.
 */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c)
  if (!token) throw new AppError('unauthenticated', 'Sign in to continue.')
  const { db, sessionCache } = c.get('deps')
  const cached = sessionCache?.get(token)
  if (cached) {
    c.set('session', cached.session)
    c.set('principal', cached.principal)
    return next()
  }
  const epoch = sessionCache?.epoch() ?? 0
  const session = await validateSessionToken(db, token)
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue.')
  const principal = await loadPrincipal(db, session)
  sessionCache?.set(token, session, principal, epoch)
  c.set('session', session)
  c.set('principal', principal)
  await next()
}
