import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ProfilePatchBody } from '../../schema/api/users.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import { jsonb } from '../../server/db/json.ts'
import { setSessionCookie } from '../auth/cookies.ts'
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
    if (token && !c.req.header('authorization'))
      setSessionCookie(c, token, session.expiresAt, config.publicUrl)
    // A warm session's answer comes from the session cache, beside the principal it was built
    // from, and goes with it on any access or profile change (http/sessionCache.ts).
    const cached = sessionCache?.me(session.id, principal)
    if (cached) return c.json(cached)
    const epoch = sessionCache?.epoch() ?? 0
    const me = await buildMe(db, session, principal, config.demo, config.maxUploadBytes)
    sessionCache?.setMe(session.id, principal, me, epoch)
    return c.json(me)
  },
)

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
