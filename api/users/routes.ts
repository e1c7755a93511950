import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ProfilePatchBody } from '../../schema/api/users.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import type { Session } from '../../server/auth/sessions.ts'
import { jsonb } from '../../server/db/json.ts'
import { sessionCookieHeader } from '../auth/cookies.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth, sessionToken } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { buildMe } from './me.ts'

export const meRoutes = new Hono<AppEnv>()
meRoutes.use(requireAuth)

meRoutes.get(
  '/',
  describeRoute({ summary: 'The signed-in user, memberships and abilities per organisation', tags: ['me'] }),
  async (c) => {
    const { db, config, sessionCache } = c.get('deps')
    const session = c.get('session')
    const principal = c.get('principal')
    // Sliding expiry: keep the cookie in step with the extended session.
    const token = sessionToken(c)
    const cookie =
      token && !c.req.header('authorization') ? cookieOf(session, token, config.publicUrl) : undefined
    // A warm session's answer comes from the session cache, beside the principal it was built
    // from, and goes with it on any access or profile change (http/sessionCache.ts).
    let body = sessionCache?.meJson(session.id, principal)
    if (body === undefined) {
      const epoch = sessionCache?.epoch() ?? 0
      const me = await buildMe(db, session, principal, config.demo, config.maxUploadBytes)
      sessionCache?.setMe(session.id, principal, me, epoch)
      body = JSON.stringify(me)
    }
    return jsonAnswer(body, cookie)
  },
)

/**
 * The session's Set-Cookie value, kept beside the very session object the session cache hands
 * out (a new object, as after an extension, computes it again): serialising it per request
 * showed in issue 19's profile of `/api/me`, the client's most frequent call.
 */
const cookies = new WeakMap<Session, { token: string; cookie: string }>()
function cookieOf(session: Session, token: string, publicUrl: string): string {
  const known = cookies.get(session)
  if (known?.token === token) return known.cookie
  const cookie = sessionCookieHeader(token, session.expiresAt, publicUrl)
  cookies.set(session, { token, cookie })
  return cookie
}

/**
 * The answer as one Response with plain headers: `c.json` after a `Set-Cookie` through
 * `c.header` builds a fetch Headers object per request, which the Node adapter then copies.
 */
function jsonAnswer(body: string, cookie: string | undefined): Response {
  return new Response(body, {
    headers: cookie
      ? { 'content-type': 'application/json', 'set-cookie': cookie }
      : { 'content-type': 'application/json' },
  })
}

meRoutes.patch(
  '/',
  describeRoute({ summary: 'Update profile: name, phone, language, notification preferences', tags: ['me'] }),
  valid('json', ProfilePatchBody),
  async (c) => {
    const { db, config, onProfileChanged } = c.get('deps')
    const session = c.get('session')
    const body = c.req.valid('json')
    const current = await db
      .selectFrom('users')
      .select('notification_prefs')
      .where('id', '=', session.userId)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('users')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
        ...(body.notificationPrefs !== undefined
          ? {
              notification_prefs: jsonb({
                ...defaultNotificationPrefs(),
                ...current.notification_prefs,
                ...body.notificationPrefs,
              }),
            }
          : {}),
      })
      .where('id', '=', session.userId)
      .execute()
    // Every instance drops the /api/me answers it cached for this user.
    onProfileChanged?.({ kind: 'user', userId: session.userId })
    return c.json(await buildMe(db, session, c.get('principal'), config.demo, config.maxUploadBytes))
  },
)
