import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { AppError } from '../../schema/errors.ts'
import { loadPrincipal } from '../auth/principal.ts'
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts'
import type { AppEnv } from './context.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Origin / Sec-Fetch-Site check on every state-changing request, whatever its content type
 * (hono/csrf checks only form-like bodies). Browsers send at least one of the two headers on
 * such requests; non-browser clients send neither and carry no ambient cookie to abuse.
 */
export function csrfGuard(publicUrl: string): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(publicUrl).origin
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site')
      const origin = c.req.header('origin')
      const siteOk = site === undefined || site === 'same-origin' || site === 'none'
      const originOk = origin === undefined || origin === publicOrigin || origin === new URL(c.req.url).origin
      if (!siteOk || !originOk) throw new AppError('csrf_rejected', 'Cross-site request refused.')
    }
    await next()
  }
}

/** The client's address from the socket; X-Forwarded-For only when configured to trust a proxy. */
export function clientAddress(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let address = 'unknown'
    if (trustProxy) address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || address
    if (address === 'unknown') {
      try {
        address = getConnInfo(c).remote.address ?? 'unknown'
      } catch {
        // app.request() in tests has no socket
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

/** Requires a live session; sets `session` and `principal`. */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c)
  const { db } = c.get('deps')
  const session = token ? await validateSessionToken(db, token) : null
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue.')
  c.set('session', session)
  c.set('principal', await loadPrincipal(db, session))
  await next()
}
