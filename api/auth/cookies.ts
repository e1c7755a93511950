import type { Context } from 'hono'
import { deleteCookie, generateCookie } from 'hono/cookie'
import { SESSION_COOKIE } from '../../server/auth/sessions.ts'

/** The `Set-Cookie` value of a session; `/api/me` keeps it beside the session (users/routes.ts). */
export function sessionCookieHeader(token: string, expiresAt: Date, publicUrl: string): string {
  return generateCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https:'),
    path: '/',
    expires: expiresAt,
  })
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, publicUrl: string): void {
  c.header('Set-Cookie', sessionCookieHeader(token, expiresAt, publicUrl), { append: true })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}
