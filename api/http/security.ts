import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import { AppError } from '../../schema/errors.ts'
import { loadPrincipal } from '../auth/principal.ts'
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts'
import type { AppEnv } from './context.ts'

/** Origin / Sec-Fetch-Site check on every state-changing request (browsers always send one). */
export function csrfGuard(publicUrl: string): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(publicUrl).origin
  return csrf({
    origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin,
    secFetchSite: ['same-origin', 'none'],
  }) as MiddlewareHandler<AppEnv>
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
