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
    const { db, config } = c.get('deps')
    const session = c.get('session')
    // Sliding expiry: keep the cookie in step with the extended session.
    const token = sessionToken(c)
    if (token && !c.req.header('authorization'))
      setSessionCookie(c, token, session.expiresAt, config.publicUrl)
    return c.json(await buildMe(db, session, c.get('principal'), config.demo, config.maxUploadBytes))
  },
)

meRoutes.patch(
  '/',
  describeRoute({ summary: 'Update profile: name, phone, language, notification preferences', tags: ['me'] }),
  valid('json', ProfilePatchBody),
  async (c) => {
    const { db, config } = c.get('deps')
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
    return c.json(await buildMe(db, session, c.get('principal'), config.demo, config.maxUploadBytes))
  },
)
